using VideoWatermark.Deploy.Tests.Docker;

namespace VideoWatermark.Deploy.Tests;

/// <summary>Dockerfile.worker: lint-clean, multi-stage, ffmpeg from the distribution, non-root, the worker as entry point.</summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile Worker = Dockerfile.Load(RepoPaths.WorkerDockerfile);

    private static async Task<ProcessResult> LintAsync(string dockerfile) =>
        await ProcessRun.RunAsync("node", [Path.Combine(RepoPaths.NodeModules, "dockerfile-utils", "bin", "dockerfile-utils"), "lint", "--json", dockerfile], RepoPaths.Root);

    [Fact]
    public async Task Lints_without_errors_or_warnings()
    {
        var result = await LintAsync(RepoPaths.WorkerDockerfile);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[]", result.StdOut.Trim());
    }

    [Fact]
    public async Task The_linter_does_report_a_broken_Dockerfile()
    {
        var dir = Directory.CreateTempSubdirectory("vw-lint-");
        var broken = Path.Combine(dir.FullName, "Dockerfile");
        await File.WriteAllTextAsync(broken, "FROM mcr.microsoft.com/dotnet/runtime:10.0\nEXPOSE eighty\nENTRYPOINT [\"dotnet\" \"x.dll\"]\nCMD a\nCMD b\n");

        var result = await LintAsync(broken);

        Assert.NotEqual("[]", result.StdOut.Trim());
        dir.Delete(recursive: true);
    }

    [Fact]
    public void Builds_with_the_SDK_and_runs_on_the_runtime_image()
    {
        Assert.Equal(2, Worker.Stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", Worker.Stages[0].Image);
        Assert.Equal("mcr.microsoft.com/dotnet/runtime:10.0", Worker.Final.Image);
        var publish = Assert.Single(Worker.Stages[0].All("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Equal("dotnet publish src/VideoWatermark.Worker -c Release -o /app", publish.Arguments);
        Assert.Contains(Worker.Final.All("COPY"), c => c.Arguments == $"--from={Worker.Stages[0].Name} /app .");
        Assert.Equal("/app", Worker.Final.Last("WORKDIR")!.Arguments);
    }

    [Fact]
    public void Installs_ffmpeg_without_recommends_and_cleans_the_package_lists()
    {
        var install = Assert.Single(Worker.Final.All("RUN"), r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).Arguments;

        Assert.Contains("apt-get update", install, StringComparison.Ordinal);
        Assert.Contains("--no-install-recommends ffmpeg", install, StringComparison.Ordinal);
        Assert.Contains("-y", install, StringComparison.Ordinal);
        Assert.EndsWith("rm -rf /var/lib/apt/lists/*", install, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_the_worker_as_a_non_root_user()
    {
        var user = Worker.Final.Last("USER")!;

        Assert.DoesNotContain(user.Arguments, new[] { "root", "0", "0:0" });
        Assert.True(user.Line > Worker.Final.All("RUN").Max(r => r.Line), "USER must come after every RUN that needs root");
        Assert.Equal(["dotnet", "VideoWatermark.Worker.dll"], Worker.Final.Last("ENTRYPOINT")!.ExecForm);
        Assert.Null(Worker.Final.Last("CMD"));
    }

    [Fact]
    public void Its_scratch_volume_is_the_one_the_task_definition_mounts_and_the_user_owns()
    {
        var volume = Assert.Single(Worker.Final.Last("VOLUME")!.ExecForm!);
        var stack = Stack.Resolve("defaults");
        var container = stack.Properties("WorkerTaskDefinition")["ContainerDefinitions"]![0]!;
        var mount = Assert.Single(container["MountPoints"]!.AsArray())!;

        Assert.Equal(volume, mount["ContainerPath"]!.ToString());
        Assert.Contains(stack.Properties("WorkerTaskDefinition")["Volumes"]!.AsArray(), v => v!["Name"]!.ToString() == mount["SourceVolume"]!.ToString());
        Assert.Contains(Worker.Final.All("RUN"), r => r.Arguments.Contains($"chown \"$APP_UID\" {volume}", StringComparison.Ordinal));
        Assert.Contains(Worker.Final.All("ENV"), e => e.Arguments == $"TMPDIR={volume}");
    }

    [Fact]
    public void The_build_context_holds_what_the_build_copies_and_little_else()
    {
        var ignore = DockerIgnore.Load(RepoPaths.DockerIgnore);

        foreach (var copy in Worker.Stages[0].All("COPY"))
        {
            foreach (var source in copy.Arguments.Split(' ')[..^1])
            {
                Assert.True(File.Exists(Path.Combine(RepoPaths.Root, source)) || Directory.Exists(Path.Combine(RepoPaths.Root, source)), $"COPY {source}: missing");
                Assert.False(ignore.Excludes(source.TrimEnd('/')), $"COPY {source}: excluded by .dockerignore");
            }
        }

        Assert.True(ignore.Excludes("src/VideoWatermark.Worker/bin/Debug/net10.0/VideoWatermark.Worker.dll"));
        Assert.True(ignore.Excludes("src/VideoWatermark.Core/obj/project.assets.json"));
        Assert.True(ignore.Excludes("tests/node/node_modules/s3rver/package.json"));
        Assert.True(ignore.Excludes(".git"));
        Assert.False(ignore.Excludes("src/VideoWatermark.Worker/Program.cs"));
        Assert.False(ignore.Excludes("src/VideoWatermark.Core/Assets/watermark.png"));
    }
}
