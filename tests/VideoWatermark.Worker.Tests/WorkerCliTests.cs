using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Tests;
using VideoWatermark.Testing.Media;
using VideoWatermark.Worker.Cli;

namespace VideoWatermark.Worker.Tests;

/// <summary>The worker CLI run as a user runs it: a separate process, judged by exit code, stderr and files.</summary>
public sealed class WorkerCliTests : EngineTestBase
{
    private static readonly string WorkerDll = BuiltWorker.Dll;

    [Fact]
    public async Task Apply_watermarks_with_the_built_in_image_and_exits_0()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1, Color = "0x202020" });

        var (code, stdout, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"),
            "--position", "bottom-right", "--margin", "0.05", "--scale", "0.5", "--preset", "ultrafast", "--crf", "20");

        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(PathIn("out.mp4"), stdout.Trim());
        Assert.Contains("100%", stderr, StringComparison.Ordinal);
        var spec = new WatermarkSpec { Position = Anchor.BottomRight, Margin = 0.05, Scale = 0.5 };
        var g = Placement.Place(320, 180, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, spec).Geometry;
        var region = new Region(g.X, g.Y, g.Width, g.Height);
        var before = Frames.At(input, 0.5);
        var after = Frames.At(PathIn("out.mp4"), 0.5);
        Assert.True(Frames.ChangedFraction(before, after, region) > 0.01);
        Assert.True(Frames.ChangedFractionOutside(before, after, region.Inflate(2)) < 0.001);
        Assert.Contains("-preset ultrafast -crf 20", File.ReadAllText(PathIn("out.mp4.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_3_with_one_line_and_no_output()
    {
        var input = TestMedia.Truncated(PathIn("cut.mp4"));

        var (code, _, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"));

        Assert.Equal(ExitCodes.Rejected, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: 'cut.mp4' is not a playable video", line, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("out.mp4")));
    }

    [Theory]
    [InlineData("unknown position", "--position", "middle")]
    [InlineData("Opacity 2 is out of range", "--opacity", "2")]
    [InlineData("Preset 'fastest' is not an x264 preset", "--preset", "fastest")]
    [InlineData("Crf 60 is out of range", "--crf", "60")]
    public async Task Bad_option_exits_2_with_one_line(string message, string option, string value)
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });

        var (code, _, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"), option, value);

        Assert.Equal(ExitCodes.Usage, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(PathIn("out.mp4")));
    }

    [Fact]
    public async Task Missing_required_option_exits_2()
    {
        var (code, _, stderr) = await RunAsync("apply", "--output", PathIn("out.mp4"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("'--input' is required", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Existing_output_is_kept_unless_overwrite_is_given()
    {
        var input = TestMedia.Clip(PathIn("in.mp4"), new ClipOptions { Seconds = 1 });
        File.WriteAllText(PathIn("out.mp4"), "someone's file");

        var (code, _, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("already exists", stderr, StringComparison.Ordinal);
        Assert.Equal("someone's file", File.ReadAllText(PathIn("out.mp4")));

        (code, _, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"), "--overwrite", "--preset", "ultrafast");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal("h264", Frames.Probe(PathIn("out.mp4")).VideoCodec);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(WorkerDll), $"{WorkerDll} was not built");
        var result = await ProcessRun.RunAsync("dotnet", [WorkerDll, .. args], Dir, timeout: TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
