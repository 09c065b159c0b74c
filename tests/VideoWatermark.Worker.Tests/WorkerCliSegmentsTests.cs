using System.Text.Json;
using VideoWatermark.Engine.Tests;
using VideoWatermark.Testing.Media;
using VideoWatermark.Worker.Cli;

namespace VideoWatermark.Worker.Tests;

/// <summary><c>apply --segments N --json</c> run as a user runs it: a separate process, judged by exit code, its JSON line and the file.</summary>
public sealed class WorkerCliSegmentsTests : EngineTestBase
{
    private static readonly string WorkerDll = BuiltWorker.Dll;

    [Fact]
    public async Task Apply_in_three_segments_prints_one_json_line_and_keeps_every_frame_and_the_audio()
    {
        var input = ClipWithKeyframeEverySecond(PathIn("in.mp4"));

        var (code, stdout, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"), "--segments", "3", "--json", "--preset", "ultrafast");

        Assert.True(code == ExitCodes.Success, stderr);
        using var summary = JsonDocument.Parse(Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        var root = summary.RootElement;
        Assert.Equal(PathIn("out.mp4"), root.GetProperty("output").GetString());
        Assert.Equal(3, root.GetProperty("segments").GetInt32());
        Assert.Equal(100, root.GetProperty("frames").GetInt32());
        Assert.Equal(4.0, root.GetProperty("duration").GetDouble(), 3);
        Assert.True(root.GetProperty("encodeSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("joinSeconds").GetDouble() > 0);
        Assert.Equal(100, Frames.CountFrames(PathIn("out.mp4")));
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(PathIn("out.mp4"), 0));
        Assert.Contains("3 segments", stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(PathIn("out.mp4.segment-002.log")));
    }

    [Fact]
    public async Task Apply_in_one_pass_with_json_reports_one_segment()
    {
        var input = ClipWithKeyframeEverySecond(PathIn("in.mp4"));

        var (code, stdout, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("out.mp4"), "--json", "--preset", "ultrafast");

        Assert.True(code == ExitCodes.Success, stderr);
        using var summary = JsonDocument.Parse(stdout.Trim());
        Assert.Equal(1, summary.RootElement.GetProperty("segments").GetInt32());
        Assert.Equal(100, summary.RootElement.GetProperty("frames").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("joinSeconds").GetDouble());
    }

    [Fact]
    public async Task Zero_segments_exits_2_with_one_line()
    {
        var (code, _, stderr) = await RunAsync("apply", "--input", PathIn("missing.mp4"), "--output", PathIn("out.mp4"), "--segments", "0");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--segments 0 must be at least 1", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    /// <summary>4 s, 25 fps, 320x180, a keyframe every second and a sine track: cut into three at 1 s and 3 s.</summary>
    private static string ClipWithKeyframeEverySecond(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=4",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await ProcessRun.RunAsync("dotnet", [WorkerDll, .. args], Dir, timeout: TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
