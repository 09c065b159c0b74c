using System.Text;
using System.Text.Json;
using VideoWatermark.Engine.Tests;
using VideoWatermark.Testing.Media;
using VideoWatermark.Worker.Cli;

namespace VideoWatermark.Worker.Tests;

/// <summary><c>recipients</c> run as a user runs it: a separate process, judged by exit code, its JSON line and the decoded copies.</summary>
public sealed class WorkerCliRecipientsTests : EngineTestBase
{
    private static readonly string WorkerDll = BuiltWorker.Dll;

    private const string Screener = """
        { "name": "screener", "layers": [
          { "type": "text", "text": "SCREENER", "position": "top-left", "size": 0.08 },
          { "type": "text", "text": "For {recipient}", "position": "center", "size": 0.15, "outline": true, "repeat": { "every": 6, "for": 1.5 } } ] }
        """;

    [Fact]
    public async Task Three_recipients_get_copies_that_share_every_frame_outside_the_name_windows()
    {
        var input = Clip(PathIn("talk.mp4"));
        File.WriteAllText(PathIn("screener.json"), Screener);
        File.WriteAllText(PathIn("rows.json"), """[{"recipient": "Ana Díaz"}, {"recipient": "Bob Li"}, {"recipient": "Chidi Okafor"}]""");

        var (code, stdout, stderr) = await RunAsync("recipients", input, "--template", PathIn("screener.json"), "--recipients", PathIn("rows.json"),
            "--out", PathIn("copies"), "--json");

        Assert.True(code == ExitCodes.Success, stderr);
        using var summary = JsonDocument.Parse(stdout);
        var root = summary.RootElement;
        Assert.True(root.GetProperty("smart").GetBoolean(), root.GetProperty("reason").GetString());
        Assert.Equal([1], root.GetProperty("personalLayers").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(4.0 / 12, root.GetProperty("personalShare").GetDouble(), 0.01);
        Assert.True(root.GetProperty("baseSeconds").GetDouble() > 0);
        var copies = root.GetProperty("copies").EnumerateArray().ToList();
        Assert.Equal(3, copies.Count);
        var frames = Frames.CountFrames(input);
        var audio = Frames.AudioTrackMd5(input, 0);
        string[] outputs = [PathIn("copies/talk-001.mp4"), PathIn("copies/talk-002.mp4"), PathIn("copies/talk-003.mp4")];
        Assert.Equal(outputs, copies.Select(c => c.GetProperty("output").GetString()));
        Assert.All(copies, c => Assert.False(c.GetProperty("full").GetBoolean()));
        Assert.All(copies, c => Assert.True(c.GetProperty("seconds").GetDouble() > 0));
        foreach (var output in outputs)
        {
            Assert.Equal(frames, Frames.CountFrames(output));
            Assert.Equal(audio, Frames.AudioTrackMd5(output, 0));
        }

        // The windows (0–1.5 s and 6–7.5 s) snapped to the 2 s grid: frames 0–49 and 150–199 are each copy's own.
        var hashes = outputs.Select(FrameMd5s).ToList();
        bool Personal(int frame) => frame is < 50 or (>= 150 and < 200);
        for (var r = 1; r < outputs.Length; r++)
        {
            var (a, b) = (hashes[0], hashes[r]);
            Assert.All(Enumerable.Range(0, frames).Where(i => !Personal(i)), i => Assert.True(a[i] == b[i], $"copies 1 and {r + 1} differ at frame {i}, outside the windows"));
            Assert.All(new[] { 10, 160 }, i => Assert.NotEqual(a[i], b[i]));
        }

        Assert.Empty(Directory.EnumerateDirectories(PathIn("copies")));
        Assert.DoesNotContain(Directory.EnumerateFiles(PathIn("copies")), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task A_recipient_without_a_value_for_a_token_exits_2_naming_the_row_and_writes_nothing()
    {
        var input = Clip(PathIn("talk.mp4"));
        File.WriteAllText(PathIn("screener.json"), Screener);
        File.WriteAllText(PathIn("rows.json"), """[{"recipient": "Ana Díaz"}, {"name": "Bob Li"}]""");

        var (code, _, stderr) = await RunAsync("recipients", input, "--template", PathIn("screener.json"), "--recipients", PathIn("rows.json"), "--out", PathIn("copies"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Recipient 2: The token {recipient} has no value", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(PathIn("copies")) && Directory.EnumerateFileSystemEntries(PathIn("copies")).Any());
    }

    /// <summary>12 s of 320x180 testsrc2 at 25 fps with a sine track, a keyframe every 2.4 s (off the 2 s grid), B-frames.</summary>
    private static string Clip(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=12",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=12",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    /// <summary>Every decoded frame's md5, in order.</summary>
    private static IReadOnlyList<string> FrameMd5s(string path) =>
        [.. Encoding.ASCII.GetString(MediaTool.Ffmpeg("-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "framemd5", "-"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(',', StringSplitOptions.TrimEntries)[5])];

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await ProcessRun.RunAsync("dotnet", [WorkerDll, .. args], Dir, timeout: TimeSpan.FromMinutes(3));
        return (result.ExitCode, result.StdOut, result.StdErr);
    }
}
