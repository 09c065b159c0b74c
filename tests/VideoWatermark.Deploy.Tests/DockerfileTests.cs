using System.Globalization;
using VideoWatermark.Deploy.Tests.Docker;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// Dockerfile.worker and deploy/Dockerfile.portal: lint-clean, multi-stage, on Debian with Debian's ffmpeg and the
/// fonts text layers are drawn with (the portal draws the template editor's preview with the worker's renderer),
/// non-root, the app's own executable as entry point: the worker compiled with Native AOT on the runtime image's
/// Debian, the portal self-contained.
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

    /// <summary>The worker's build stage's one apt-get install line.</summary>
    private static string BuildAptInstall() =>
        Assert.Single(Worker.BuildStage.All("RUN"), r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal)).Arguments;

    /// <summary>The font packages scripts/lib/deps.sh installs on a machine that runs the tests or the product.</summary>
    private static string[] FontPackages() => DepsList("FONT_PACKAGES");

    /// <summary>The packages scripts/lib/deps.sh installs for a Native AOT publish on a machine that runs the tests.</summary>
    private static string[] AotPackages() => DepsList("AOT_PACKAGES");

    private static string[] DepsList(string name)
    {
        var line = File.ReadAllLines(Path.Combine(RepoPaths.Root, "scripts", "lib", "deps.sh"))
            .Single(l => l.StartsWith(name + "=(", StringComparison.Ordinal));
        return line[(name.Length + 2)..line.IndexOf(')', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
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

    /// <summary>
    /// The worker: an SDK stage that only supplies the SDK, and a build stage on the runtime image itself (the same
    /// Debian, so the native executable links against the C library it runs with), on the target platform (Native AOT
    /// does not cross-compile), that copies the SDK in and publishes the project, which sets PublishAot, for the
    /// target CPU into /app, which the final stage copies and works in.
    /// </summary>
    [Fact]
    public void Builds_the_worker_with_Native_AOT_on_the_runtime_images_Debian_for_the_target_CPU()
    {
        Assert.Equal(3, Worker.Stages.Count);
        var sdk = Worker.Stage("sdk");
        var build = Worker.BuildStage;
        Assert.Equal("$SDK_IMAGE", sdk.ImageAsWritten);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", sdk.Image);
        Assert.Empty(sdk.Instructions);
        Assert.Equal("build", build.Name);
        Assert.Equal("$RUNTIME_IMAGE", build.ImageAsWritten);
        Assert.Equal("$RUNTIME_IMAGE", Worker.Final.ImageAsWritten);
        Assert.Equal("debian:bookworm-slim", build.Image);
        Assert.Equal("debian:bookworm-slim", Worker.Final.Image);
        Assert.All(Worker.Stages, s => Assert.Null(s.Platform));
        Assert.Contains(build.All("ARG"), a => a.Arguments == "TARGETARCH");

        var copySdk = Assert.Single(build.All("COPY"), c => Dockerfile.CopySource(c) is not null);
        Assert.Equal("--from=sdk /usr/share/dotnet /usr/share/dotnet", copySdk.Arguments);
        Assert.Contains(build.All("ENV"), e => e.Arguments == "DOTNET_ROOT=/usr/share/dotnet");
        Assert.Contains(build.All("ENV"), e => e.Arguments.StartsWith("PATH=", StringComparison.Ordinal) && e.Arguments.Contains("$DOTNET_ROOT", StringComparison.Ordinal) && e.Arguments.Contains("$PATH", StringComparison.Ordinal));
        var publish = Assert.Single(build.All("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Equal("dotnet publish src/VideoWatermark.Worker -c Release --os linux -a $TARGETARCH -p:DebugType=none -o /app", publish.Arguments);
        Assert.True(copySdk.Line < publish.Line && build.All("ENV").All(e => e.Line < publish.Line), "the SDK is in place before the publish");
        Assert.Contains("<PublishAot>true</PublishAot>", File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "VideoWatermark.Worker", "VideoWatermark.Worker.csproj")), StringComparison.Ordinal);

        Assert.Contains(Worker.Final.All("COPY"), c => c.Arguments == "--from=build /app .");
        Assert.Equal("/app", Worker.Final.Last("WORKDIR")!.Arguments);
    }

    /// <summary>
    /// What Native AOT needs on Debian (clang, zlib1g-dev) and what the SDK needs to run there: the .NET packages of the
    /// runtime stage's list (all of it but ffmpeg and the fonts). WorkerImageTests check they are installed here.
    /// </summary>
    [Fact]
    public void The_worker_build_stage_installs_clang_zlib_and_what_the_SDK_needs_without_recommends_before_using_the_SDK()
    {
        var install = BuildAptInstall();
        var packages = InstallPackages(install).ToHashSet();
        var dotnet = InstallPackages(AptInstall()).Except(FontPackages()).Where(p => p != "ffmpeg").ToHashSet();

        Assert.StartsWith("apt-get update &&", install, StringComparison.Ordinal);
        Assert.EndsWith("&& rm -rf /var/lib/apt/lists/*", install, StringComparison.Ordinal);
        Assert.Contains("-y", InstallOptions(install));
        Assert.Contains("--no-install-recommends", InstallOptions(install));
        Assert.Contains("clang", packages);
        Assert.Contains("zlib1g-dev", packages);
        // scripts/test.sh installs the same toolchain on a test machine, for WorkerImageTests' publish.
        Assert.Subset(packages, AotPackages().ToHashSet());
        Assert.Contains("clang", AotPackages());
        Assert.Subset(packages, new HashSet<string> { "ca-certificates", "libicu72", "libssl3" });
        Assert.Subset(packages, dotnet);
        var apt = Assert.Single(Worker.BuildStage.All("RUN"), r => r.Arguments == install);
        Assert.True(apt.Line < Worker.BuildStage.All("COPY").Min(c => c.Line), "the packages are installed before the SDK and the sources are copied in");
    }

    /// <summary>
    /// The portal: the SDK stage runs on the build machine and publishes <paramref name="project"/> self-contained for
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
        // The native executable itself: the image has no dotnet command and no .NET runtime.
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

        foreach (var copy in Worker.BuildStage.All("COPY").Where(c => Dockerfile.CopySource(c) is null))
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
