using System.IO.Compression;
using VideoWatermark.Core;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// deploy.sh and teardown.sh, run for real with bash, dotnet publish and zip, against stand-ins for the AWS CLI and
/// Docker: what they would upload, push and deploy is checked against the template and the code.
/// </summary>
public sealed class DeployScriptTests : IClassFixture<DeployScriptTests.DeployRun>
{
    private const string Bucket = "vw-test-bucket";
    private readonly DeployRun run;

    public DeployScriptTests(DeployRun run) => this.run = run;

    /// <summary>One full deploy with the portal, shared by the tests that read what it did.</summary>
    public sealed class DeployRun : IAsyncLifetime
    {
        public StubCli Cli { get; } = new();

        public ProcessResult Result { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Result = await ProcessRun.RunAsync("bash",
                [RepoPaths.DeployScript, "--region", ResolvedTemplate.Region, "--bucket", Bucket, "--tag", "t1", "--portal", "--param", "WorkerCpu=1024"],
                RepoPaths.Root, Cli.Environment(Bucket), TimeSpan.FromMinutes(8));

        public Task DisposeAsync()
        {
            Cli.Dispose();
            return Task.CompletedTask;
        }
    }

    private string[] DeployCall() => Assert.Single(run.Cli.Calls("aws", "cloudformation", "deploy"));

    private Dictionary<string, string> Overrides()
    {
        var call = DeployCall();
        var start = Array.IndexOf(call, "--parameter-overrides") + 1;
        return call[start..].TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(a => a[..a.IndexOf('=', StringComparison.Ordinal)], a => a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public void Deploys_the_template_with_named_IAM_and_prints_where_things_are()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var deploy = DeployCall();
        Assert.Equal(RepoPaths.Template, StubCli.Option(deploy, "--template-file"));
        Assert.Equal("CAPABILITY_NAMED_IAM", StubCli.Option(deploy, "--capabilities"));
        Assert.Equal("videowatermark", StubCli.Option(deploy, "--stack-name"));
        Assert.Contains($"Bucket:     {Bucket}", run.Result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Portal:     http://portal-123.", run.Result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_only_template_parameters_and_every_one_without_a_default()
    {
        var overrides = Overrides();
        var defaults = Stack.Template.ParameterDefaults();

        Assert.All(overrides.Keys, key => Assert.True(defaults.ContainsKey(key), $"{key} is not a template parameter"));
        Assert.All(defaults.Where(d => d.Value is null), d => Assert.True(overrides.ContainsKey(d.Key), $"{d.Key} has no default and was not passed"));
        Assert.Equal("1024", overrides["WorkerCpu"]);
        Assert.Empty(DependencyGraph.Problems(Stack.Template.Resolve(overrides)));
    }

    [Fact]
    public void The_images_it_pushes_are_the_ones_the_task_definitions_run()
    {
        var stack = Stack.Template.Resolve(Overrides());
        var pushed = run.Cli.Calls("docker", "push").Select(c => c[2]).ToList();

        foreach (var task in new[] { "WorkerTaskDefinition", "PortalTaskDefinition" })
        {
            var image = stack.Render(stack.Properties(task)["ContainerDefinitions"]![0]!["Image"]);
            Assert.Contains(image, pushed);
        }

        var builds = run.Cli.Calls("docker", "build");
        Assert.Contains(builds, b => StubCli.Option(b, "-f") == RepoPaths.WorkerDockerfile && b[^1] == RepoPaths.Root);
        Assert.All(builds, b => Assert.True(File.Exists(StubCli.Option(b, "-f")), $"{StubCli.Option(b, "-f")} is missing"));
        Assert.All(builds, b => Assert.Equal("linux/amd64", StubCli.Option(b, "--platform")));
    }

    [Fact]
    public void Uploads_a_Lambda_package_with_the_handler_assembly_at_its_root()
    {
        var overrides = Overrides();
        var zip = Path.Combine(run.Cli.Uploads, overrides["ArtifactsBucket"], overrides["DispatcherCodeKey"]);

        Assert.True(File.Exists(zip), $"no package uploaded at s3://{overrides["ArtifactsBucket"]}/{overrides["DispatcherCodeKey"]}");
        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("VideoWatermark.Dispatcher.dll", names);
        Assert.Contains("VideoWatermark.Dispatcher.runtimeconfig.json", names);
        Assert.Contains("VideoWatermark.Dispatcher.deps.json", names);
        Assert.Contains("VideoWatermark.Core.dll", names);
        Assert.Contains(run.Cli.Calls("aws", "s3api", "create-bucket"), c => StubCli.Option(c, "--bucket") == overrides["ArtifactsBucket"]);
    }

    [Fact]
    public void The_Lambda_package_carries_neither_the_engine_nor_ASP_NET_Core()
    {
        var overrides = Overrides();
        using var archive = ZipFile.OpenRead(Path.Combine(run.Cli.Uploads, overrides["ArtifactsBucket"], overrides["DispatcherCodeKey"]));
        var names = archive.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("VideoWatermark.Aws.dll", names);
        Assert.DoesNotContain(names, n => n.StartsWith("FFMpegCore", StringComparison.Ordinal) || n.StartsWith("VideoWatermark.Engine", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || n.StartsWith("VideoWatermark.Pipeline", StringComparison.Ordinal));
    }

    [Fact]
    public void Puts_the_default_watermark_where_the_dispatcher_looks_for_it()
    {
        var uploaded = Path.Combine(run.Cli.Uploads, Bucket, ObjectKeys.DefaultWatermarkKey);

        Assert.True(File.Exists(uploaded), run.Result.ToString());
        using var expected = DefaultWatermark.OpenRead();
        using var copy = new MemoryStream();
        expected.CopyTo(copy);
        Assert.Equal(copy.ToArray(), File.ReadAllBytes(uploaded));
    }

    [Fact]
    public async Task Help_and_bad_arguments_answer_without_touching_AWS()
    {
        using var cli = new StubCli();

        var help = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--help"], RepoPaths.Root, cli.Environment(Bucket));
        var unknown = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--regoin", "eu-west-1"], RepoPaths.Root, cli.Environment(Bucket));
        var noRegion = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript], RepoPaths.Root, cli.Environment(Bucket));
        var badStack = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--region", "eu-west-1", "--stack", "My_Stack"], RepoPaths.Root, cli.Environment(Bucket));

        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage: deploy/deploy.sh --region REGION", help.StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("error: unknown option: --regoin", unknown.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, noRegion.ExitCode);
        Assert.Contains("error: --region is required", noRegion.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, badStack.ExitCode);
        Assert.Contains("error: --stack", badStack.StdErr, StringComparison.Ordinal);
        Assert.Empty(cli.Calls());
    }

    [Fact]
    public async Task Teardown_stops_workers_empties_the_bucket_then_deletes_the_stack()
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--delete", "--region", "eu-west-1", "--yes"], RepoPaths.Root, cli.Environment(Bucket, runningTask: true));

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = cli.Calls().Select(c => string.Join(' ', c)).ToList();
        var stop = calls.FindIndex(c => c.StartsWith("aws ecs stop-task --cluster videowatermark-Cluster-XYZ --task arn:aws:ecs:", StringComparison.Ordinal));
        var empty = calls.IndexOf($"aws s3 rm s3://{Bucket} --recursive --only-show-errors");
        var delete = calls.IndexOf("aws cloudformation delete-stack --stack-name videowatermark");
        var wait = calls.IndexOf("aws cloudformation wait stack-delete-complete --stack-name videowatermark");
        Assert.True(stop >= 0 && empty > stop && delete > empty && wait > delete, string.Join('\n', calls));
    }

    [Fact]
    public async Task Teardown_deletes_nothing_unless_confirmed()
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.TeardownScript, "--region", "eu-west-1"], RepoPaths.Root, cli.Environment(Bucket));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nothing was deleted", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.Calls(), c => c.Contains("rm") || c.Contains("delete-stack") || c.Contains("stop-task"));
    }

    [Theory]
    [InlineData("deploy/deploy.sh")]
    [InlineData("deploy/teardown.sh")]
    public async Task Scripts_are_shellcheck_clean(string script)
    {
        var found = await ProcessRun.RunAsync("bash", ["-c", "command -v shellcheck"], RepoPaths.Root);
        Assert.True(found.ExitCode == 0, "shellcheck is not installed (Debian package 'shellcheck'); the deploy scripts must pass it.");

        var result = await ProcessRun.RunAsync("shellcheck", ["--severity=style", script], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
