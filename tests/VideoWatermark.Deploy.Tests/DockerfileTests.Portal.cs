using System.Globalization;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// deploy/Dockerfile.portal: the worker image's Debian with its ffmpeg and fonts (the template editor's preview runs the
/// worker's renderer in the portal), a self-contained portal, non-root, listening where the task definition points.
/// </summary>
public sealed partial class DockerfileTests
{
    [Fact]
    public void The_portal_is_built_self_contained_for_the_target_CPU_and_runs_on_the_worker_images_Debian()
    {
        AssertSelfContainedBuild(Portal, "src/VideoWatermark.Portal");
        Assert.Equal(Worker.Final.Image, Portal.Final.Image);
    }

    [Fact]
    public void The_portal_image_installs_exactly_the_worker_images_packages_ffmpeg_and_the_fonts_among_them()
    {
        var portal = InstallPackages(AptInstall(Portal));

        Assert.Equal(InstallPackages(AptInstall(Worker)).Order(StringComparer.Ordinal), portal.Order(StringComparer.Ordinal));
        Assert.Contains("ffmpeg", portal);
        Assert.Contains("fontconfig", FontPackages());
        Assert.Contains("fonts-noto-cjk", FontPackages());
        Assert.Subset(portal.ToHashSet(), FontPackages().ToHashSet());
    }

    [Fact]
    public void Runs_the_portal_as_a_non_root_user_through_its_apphost()
    {
        var user = Portal.Final.Last("USER")!;

        Assert.Equal("$APP_UID", user.Arguments);
        Assert.True(user.Line > Portal.Final.All("RUN").Max(r => r.Line), "USER must come after every RUN that needs root");
        Assert.Contains(Portal.Final.All("ENV"), e => e.Arguments.StartsWith("APP_UID=", StringComparison.Ordinal) && int.Parse(e.Arguments["APP_UID=".Length..], CultureInfo.InvariantCulture) > 0);
        Assert.Contains(Portal.Final.All("RUN"), r => r.Arguments.Contains("useradd", StringComparison.Ordinal) && r.Arguments.Contains("--uid=\"$APP_UID\"", StringComparison.Ordinal));
        Assert.Equal(["/app/VideoWatermark.Portal"], Portal.Final.Last("ENTRYPOINT")!.ExecForm);
        Assert.Null(Portal.Final.Last("CMD"));
    }

    [Fact]
    public void The_portal_listens_on_the_port_the_task_definition_maps()
    {
        var stack = Stack.Resolve("portal over https, spot, big disk, output prefix");
        var container = stack.Properties("PortalTaskDefinition")["ContainerDefinitions"]![0]!;
        var port = container["PortMappings"]![0]!["ContainerPort"]!.ToString();

        // Plain Debian sets no port, unlike Microsoft's aspnet image: without this Kestrel would listen on localhost:5000.
        Assert.Contains(Portal.Final.All("ENV"), e => e.Arguments == $"ASPNETCORE_HTTP_PORTS={port}");
        Assert.Equal(port, Portal.Final.Last("EXPOSE")!.Arguments);
    }

    [Fact]
    public void The_portal_build_copies_only_what_the_context_holds()
    {
        var ignore = Docker.DockerIgnore.Load(RepoPaths.DockerIgnore);

        foreach (var copy in Portal.Stages[0].All("COPY"))
        {
            foreach (var source in copy.Arguments.Split(' ')[..^1])
            {
                Assert.True(File.Exists(Path.Combine(RepoPaths.Root, source)) || Directory.Exists(Path.Combine(RepoPaths.Root, source)), $"COPY {source}: missing");
                Assert.False(ignore.Excludes(source.TrimEnd('/')), $"COPY {source}: excluded by .dockerignore");
            }
        }

        Assert.False(ignore.Excludes("src/VideoWatermark.Portal/wwwroot/img/sample-frame.png"));
    }
}
