using System.Globalization;
using VideoWatermark.Deploy.Tests.Docker;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// Dockerfile.worker and deploy/Dockerfile.portal: lint-clean, multi-stage, a self-contained app on Debian with
/// Debian's ffmpeg and the fonts text layers are drawn with (the portal draws the template editor's preview with the
/// worker's renderer), non-root, the apphost as entry point.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly Dockerfile Worker = Dockerfile.Load(RepoPaths.WorkerDockerfile);

    private static readonly Dockerfile Portal = Dockerfile.Load(RepoPaths.PortalDockerfile);

    public static TheoryData<string> Images => new() { "worker", "portal" };

    private static Dockerfile Image(string image) => image == "worker" ? Worker : Portal;

    private static string PathOf(string image) => image == "worker" ? RepoPaths.WorkerDockerfile : RepoPaths.PortalDockerfile;

    private static string AptInstall(Dockerfile dockerfile) =>
        Assert.Single(dockerfile.Final.All("RUN"), r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).Arguments;

    private static string AptInstall() => AptInstall(Worker);

    /// <summary>The font packages scripts/lib/deps.sh installs on a machine that runs the tests or the product.</summary>
    private static string[] FontPackages()
    {
        var line = File.ReadAllLines(Path.Combine(RepoPaths.Root, "scripts", "lib", "deps.sh"))
            .Single(l => l.StartsWith("FONT_PACKAGES=(", StringComparison.Ordinal));
        return line["FONT_PACKAGES=(".Length..line.IndexOf(')', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string[] InstallWords(string run)
    {
        var install = run[(run.IndexOf("apt-get install", StringComparison.Ordinal) + "apt-get install".Length)..];
        return install[..install.IndexOf("&&", StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string[] InstallOptions(string run) => [.. InstallWords(run).Where(w => w.StartsWith('-'))];

    private static string[] InstallPackages(string run) => [.. InstallWords(run).Where(w => !w.StartsWith('-'))];

    private static async Task<ProcessResult> LintAsync(string dockerfile) =>
        await ProcessRun.RunAsync("node", [Path.Combine(RepoPaths.NodeModules, "dockerfile-utils", "bin", "dockerfile-utils"), "lint", "--json", dockerfile], RepoPaths.Root);

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Lints_without_errors_or_warnings(string image)
    {
        var result = await LintAsync(PathOf(image));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[]", result.StdOut.Trim());
    }

    [Fact]
    public async Task The_linter_does_report_a_broken_Dockerfile()
    {
        var dir = Directory.CreateTempSubdirectory("vw-lint-");
        var broken = Path.Combine(dir.FullName, "Dockerfile");
        await File.WriteAllTextAsync(broken, "FROM debian:bookworm-slim\nEXPOSE eighty\nENTRYPOINT [\"/app/x\" \"y\"]\nCMD a\nCMD b\n");

        var result = await LintAsync(broken);

        Assert.NotEqual("[]", result.StdOut.Trim());
        dir.Delete(recursive: true);
    }

    [Fact]
    public void Builds_a_self_contained_worker_with_the_SDK_on_the_build_machine_for_the_target_CPU_and_runs_it_on_plain_Debian()
    {
        AssertSelfContainedBuild(Worker, "src/VideoWatermark.Worker");
        Assert.Equal("debian:bookworm-slim", Worker.Final.Image);
    }

    /// <summary>
    /// Both images: the SDK stage runs on the build machine and publishes <paramref name="project"/> self-contained for
    /// the target CPU into /app, which the final stage copies and works in.
    /// </summary>
    private static void AssertSelfContainedBuild(Dockerfile image, string project)
    {
        Assert.Equal(2, image.Stages.Count);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", image.Stages[0].Image);
        Assert.Equal("$BUILDPLATFORM", image.Stages[0].Platform);
        Assert.Null(image.Final.Platform);
        Assert.Contains(image.Stages[0].All("ARG"), a => a.Arguments == "TARGETARCH");
        var publish = Assert.Single(image.Stages[0].All("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Equal($"dotnet publish {project} -c Release --os linux -a $TARGETARCH --self-contained true -o /app", publish.Arguments);
        Assert.Contains(image.Final.All("COPY"), c => c.Arguments == $"--from={image.Stages[0].Name} /app .");
        Assert.Equal("/app", image.Final.Last("WORKDIR")!.Arguments);
    }

    [Fact]
    public void Base_images_are_build_arguments_that_deploy_sh_pins_by_digest()
    {
        var script = File.ReadAllText(RepoPaths.DeployScript);

        foreach (var dockerfile in new[] { Worker, Dockerfile.Load(RepoPaths.PortalDockerfile) })
        {
            Assert.Equal(["RUNTIME_IMAGE", "SDK_IMAGE"], dockerfile.GlobalArguments.Keys.Order(StringComparer.Ordinal));
            Assert.All(dockerfile.GlobalArguments.Values, tag => Assert.DoesNotContain("@", tag, StringComparison.Ordinal));
        }

        Assert.Contains("--build-arg \"SDK_IMAGE=$(pinned ", script, StringComparison.Ordinal);
        Assert.Contains("--build-arg \"RUNTIME_IMAGE=$(pinned ", script, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Installs_ffmpeg_the_fonts_and_what_dotnet_needs_from_Debian_without_recommends_and_cleans_the_package_lists(string image)
    {
        var dockerfile = Image(image);
        var install = AptInstall(dockerfile);

        Assert.StartsWith("apt-get update &&", install, StringComparison.Ordinal);
        Assert.EndsWith("&& rm -rf /var/lib/apt/lists/*", install, StringComparison.Ordinal);
        Assert.Contains("-y", InstallOptions(install));
        Assert.Contains("--no-install-recommends", InstallOptions(install));
        Assert.Subset(InstallPackages(install).ToHashSet(), new HashSet<string> { "ffmpeg", "ca-certificates", "libicu72", "libssl3", "tzdata" });
        Assert.Subset(InstallPackages(install).ToHashSet(), FontPackages().ToHashSet());
        Assert.DoesNotContain(dockerfile.Final.Instructions, i => i.Keyword == "ADD" || i.Arguments.Contains("sources.list", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_image_tests_run_on_the_Debian_release_and_packages_the_image_installs()
    {
        // WorkerImageTests run the published worker on this machine: that stands for the image only while this machine
        // is the image's Debian release with the packages its runtime stage installs.
        var codename = File.ReadAllLines("/etc/os-release").Single(l => l.StartsWith("VERSION_CODENAME=", StringComparison.Ordinal))["VERSION_CODENAME=".Length..];
        Assert.Equal($"debian:{codename}-slim", Worker.Final.Image);
        var packages = InstallPackages(AptInstall());

        var installed = await ProcessRun.RunAsync("dpkg-query", ["--show", "--showformat=${Package} ${db:Status-Status}\\n", .. packages], RepoPaths.Root);

        Assert.True(installed.ExitCode == 0, installed.ToString());
        Assert.All(packages, p => Assert.Contains($"{p} installed", installed.StdOut.Split('\n')));
    }

    [Fact]
    public void Runs_the_worker_as_a_non_root_user()
    {
        var user = Worker.Final.Last("USER")!;

        Assert.DoesNotContain(user.Arguments, new[] { "root", "0", "0:0" });
        Assert.True(user.Line > Worker.Final.All("RUN").Max(r => r.Line), "USER must come after every RUN that needs root");
        Assert.Equal("$APP_UID", user.Arguments);
        Assert.Contains(Worker.Final.All("ENV"), e => e.Arguments.StartsWith("APP_UID=", StringComparison.Ordinal) && int.Parse(e.Arguments["APP_UID=".Length..], CultureInfo.InvariantCulture) > 0);
        Assert.Contains(Worker.Final.All("RUN"), r => r.Arguments.Contains("useradd", StringComparison.Ordinal) && r.Arguments.Contains("--uid=\"$APP_UID\"", StringComparison.Ordinal));
        // The apphost itself: the image has no dotnet command, the app carries its own runtime.
        Assert.Equal(["/app/VideoWatermark.Worker"], Worker.Final.Last("ENTRYPOINT")!.ExecForm);
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
