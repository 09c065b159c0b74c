namespace VideoWatermark.Deploy.Tests;

/// <summary>Files of the repository the tests read, found from the test binary by walking up to the solution.</summary>
public static class RepoPaths
{
    public static string Root => RepositoryRoot.Path;

    public static string Template => Path.Combine(Root, "deploy", "videowatermark.yaml");

    public static string WorkerDockerfile => Path.Combine(Root, "Dockerfile.worker");

    public static string PortalDockerfile => Path.Combine(Root, "deploy", "Dockerfile.portal");

    public static string DockerIgnore => Path.Combine(Root, ".dockerignore");

    public static string DeployScript => Path.Combine(Root, "deploy", "deploy.sh");

    public static string TeardownScript => Path.Combine(Root, "deploy", "teardown.sh");

    public static string NodeModules => Path.Combine(Root, "tests", "node", "node_modules");

    public static string CfnSpec => Path.Combine(NodeModules, "@aws-cdk", "cfnspec", "spec", "specification.json");

    /// <summary>Every CloudFormation template under deploy/.</summary>
    public static IEnumerable<string> Templates() =>
        Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.yml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    /// <summary>A path printed relative to the repository, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path);
}
