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
    public async Task Plan_encode_and_join_as_separate_processes_give_apply_in_segments_frame_for_frame()
    {
        var input = ClipWithKeyframeEverySecond(PathIn("in.mp4"));
        var plan = PathIn("plan.json");

        var (code, stdout, stderr) = await RunAsync("segments", "plan", "-i", input, "--segment-seconds", "1.4", "--plan", plan);

        Assert.True(code == ExitCodes.Success, stderr);
        using (var planned = JsonDocument.Parse(stdout.Trim()))
        {
            Assert.Equal("plan", planned.RootElement.GetProperty("step").GetString());
            Assert.Equal(3, planned.RootElement.GetProperty("segments").GetInt32());
        }

        var files = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            files.Add(PathIn($"s{i}.mp4"));
            (code, stdout, stderr) = await RunAsync("segments", "encode", "-i", input, "--plan", plan, "--index", $"{i}", "-o", files[i], "--preset", "ultrafast", "--crf", "0");
            Assert.True(code == ExitCodes.Success, stderr);
            using var encoded = JsonDocument.Parse(stdout.Trim());
            Assert.Equal(i, encoded.RootElement.GetProperty("index").GetInt32());
            Assert.True(encoded.RootElement.GetProperty("seconds").GetDouble() > 0);
        }

        (code, stdout, stderr) = await RunAsync(["segments", "join", "-i", input, "--plan", plan, "-o", PathIn("joined.mp4"), .. files]);
        Assert.True(code == ExitCodes.Success, stderr);
        using (var joined = JsonDocument.Parse(stdout.Trim()))
        {
            Assert.Equal("join", joined.RootElement.GetProperty("step").GetString());
        }

        // The same cut, encode and join as apply in three segments in one process: the same pictures at the same times.
        (code, _, stderr) = await RunAsync("apply", "--input", input, "--output", PathIn("apply.mp4"), "--segments", "3", "--preset", "ultrafast", "--crf", "0");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(Frames.CountFrames(input), Frames.CountFrames(PathIn("joined.mp4")));
        Assert.Equal(Frames.FrameTimes(input), Frames.FrameTimes(PathIn("joined.mp4")));
        Assert.Equal(FrameMd5(PathIn("apply.mp4")), FrameMd5(PathIn("joined.mp4")));
        Assert.Equal(Frames.AudioTrackMd5(input, 0), Frames.AudioTrackMd5(PathIn("joined.mp4"), 0));

        // A file short is refused before anything runs.
        (code, _, stderr) = await RunAsync(["segments", "join", "-i", input, "--plan", plan, "-o", PathIn("short.mp4"), .. files.Take(2)]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("The plan has 3 segments; 2 files were given", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("short.mp4")));
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

    /// <summary>Every decoded video frame's md5, in order.</summary>
    private static string FrameMd5(string path) =>
        string.Join('\n', System.Text.Encoding.ASCII.GetString(MediaTool.Ffmpeg("-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "framemd5", "-"))
            .Split('\n').Where(l => !l.StartsWith('#')).Select(l => l.Split(',').Last().Trim()));

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await ProcessRun.RunAsync("dotnet", [WorkerDll, .. args], Dir, timeout: TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
