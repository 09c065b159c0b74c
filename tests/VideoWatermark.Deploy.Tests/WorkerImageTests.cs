using System.Reflection.PortableExecutable;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Deploy.Tests.Docker;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// The worker image's contents, built as Dockerfile.worker builds them (its publish command, from a context filtered
/// by .dockerignore), run through its ENTRYPOINT (the self-contained apphost, so no installed .NET is used): what a
/// Fargate task would run, without a Docker engine.
/// </summary>
public sealed partial class WorkerImageTests(WorkerImage image) : IClassFixture<WorkerImage>
{
    private static readonly Dictionary<string, string?> NoAws = new()
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
    };

    [Fact]
    [SupportedOSPlatform("linux")]
    public void The_image_holds_the_self_contained_worker_and_no_sources()
    {
        var app = image.Contents.WorkingDirectory;
        var apphost = image.Contents.HostPath(image.Contents.EntryPoint[0]);

        Assert.Equal(Path.Combine(app, "VideoWatermark.Worker"), apphost);
        Assert.True(File.GetUnixFileMode(apphost).HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute), $"{apphost} is not executable by every user");
        Assert.True(File.Exists(Path.Combine(app, "VideoWatermark.Worker.dll")));
        Assert.True(File.Exists(Path.Combine(app, "libcoreclr.so")), "the .NET runtime is not in the app folder");
        Assert.True(File.Exists(Path.Combine(app, "libhostfxr.so")), "the .NET host is not in the app folder");
        var options = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "VideoWatermark.Worker.runtimeconfig.json")))!["runtimeOptions"]!;
        Assert.Null(options["framework"]);
        Assert.Null(options["frameworks"]);
        Assert.Contains(options["includedFrameworks"]!.AsArray(), f => f!["name"]!.ToString() == "Microsoft.NETCore.App");
        Assert.Empty(Directory.EnumerateFiles(app, "*.cs", SearchOption.AllDirectories));
        Assert.Equal(image.Contents.Scratch, image.Contents.Environment["TMPDIR"]);
    }

    /// <summary>
    /// Each job is a fresh process: its start-up code comes compiled (ReadyToRun) rather than JIT-compiled before every
    /// encode. A ReadyToRun assembly carries a native header beside its IL.
    /// </summary>
    [Theory]
    [InlineData("VideoWatermark.Worker.dll")]
    [InlineData("VideoWatermark.Engine.dll")]
    [InlineData("VideoWatermark.Core.dll")]
    [InlineData("System.CommandLine.dll")]
    public void Its_assemblies_are_compiled_ahead_of_time(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(Path.Combine(image.Contents.WorkingDirectory, assembly)));

        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} holds IL only: it is JIT-compiled at every start");
    }

    [Fact]
    public async Task Its_entry_point_watermarks_a_video()
    {
        MediaTool.RequireFfmpeg();
        var dir = TestMedia.NewTempDirectory("vw-image-apply");
        var input = TestMedia.Clip(Path.Combine(dir, "in.mp4"), new ClipOptions { Seconds = 1, Color = "0x202020", Audio = false });
        var output = Path.Combine(dir, "watermark-in.mp4");

        var result = await image.RunAsync(NoAws, "apply", "--input", input, "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var before = Frames.At(input, 0.5);
        var after = Frames.At(output, 0.5);
        var placed = Placement.Compute(before.Width, before.Height, DefaultWatermark.Width, DefaultWatermark.Height, new WatermarkSpec());
        var region = new Region(placed.X, placed.Y, placed.Width, placed.Height);
        var inside = Frames.ChangedFraction(before, after, region);
        var outside = Frames.ChangedFractionOutside(before, after, region);
        Assert.True(inside > 0.01 && outside < inside / 10, $"changed pixels: {inside:P1} where the watermark goes, {outside:P1} elsewhere");
        Directory.Delete(dir, recursive: true);
    }
}
