using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Segments;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests.Segments;

/// <summary>
/// At the default lossy settings a split encode differs from one pass only by the encoder's choices near the cuts,
/// never by a visible seam: at every join the frames on both sides match the unsplit encode's, decoded, at SSIM
/// ≥ 0.98 (the issue's bar). The picture moves everywhere, every frame, so a frame shown at the wrong side of a join,
/// or a segment encoded to another quality, shows in the score.
/// </summary>
public sealed class SeamTests : EngineTestBase
{
    private const int Width = 640;
    private const int Height = 360;
    private const double MinimumSsim = 0.98;

    [Fact]
    public async Task At_the_default_settings_the_frames_on_both_sides_of_every_join_match_the_unsplit_encode()
    {
        var input = MovingClip(PathIn("moving.mp4"));
        var mark = SeedWatermark();
        var spec = new WatermarkSpec();
        using var defaults = new FfmpegWatermarkEngine(new EngineOptions());

        await defaults.ApplyAsync(new WatermarkRequest(input, mark, PathIn("single.mp4"), spec));
        var split = await defaults.ApplySegmentedAsync(new WatermarkRequest(input, mark, PathIn("split.mp4"), spec), new SegmentOptions(4));

        Assert.Equal(4, split.Segments.Count);
        int[] numbers = [.. split.Segments.Skip(1).SelectMany(s => new[] { s.FirstFrame - 1, s.FirstFrame })];
        var single = Frames.Numbered(PathIn("single.mp4"), numbers, Width, Height);
        var joined = Frames.Numbered(PathIn("split.mp4"), numbers, Width, Height);
        var whole = new Region(0, 0, Width, Height);
        var scores = numbers.Select((n, i) => (Frame: n, Ssim: Ssim.Of(single[i], joined[i], whole))).ToList();
        Assert.All(scores, s => Assert.True(s.Ssim >= MinimumSsim, $"frame {s.Frame}: SSIM {s.Ssim:0.0000} against the unsplit encode; at every join: {string.Join(", ", scores.Select(x => $"{x.Frame} {x.Ssim:0.0000}"))}"));

        // The bar means something here: one frame later (what a join showing the wrong frame would give) scores below it.
        var next = Frames.Numbered(PathIn("single.mp4"), [.. numbers.Select(n => n + 1)], Width, Height);
        Assert.All(numbers.Select((n, i) => (n, Ssim.Of(single[i], next[i], whole))), s => Assert.True(s.Item2 < MinimumSsim, $"frames {s.n} and {s.n + 1} score {s.Item2:0.0000}: the clip moves too little to show a seam"));
    }

    /// <summary>
    /// 8 s of 640x360 testsrc2 panning diagonally (every pixel moves every frame) at 25 fps with an AAC track, a
    /// keyframe every second, encoded at high quality so the source adds little noise of its own.
    /// </summary>
    private static string MovingClip(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate=25:duration=8",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=8",
            "-map", "0:v", "-map", "1:a", "-vf", "scroll=horizontal=0.011:vertical=0.007",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }
}
