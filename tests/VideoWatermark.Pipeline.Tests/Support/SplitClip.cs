using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// A clip worth splitting (a keyframe every second, so the planner can cut where it likes) and the frame-exact
/// judgement of a split job's output, read from the decoded files.
/// </summary>
public static class SplitClip
{
    public const int Width = 640;
    public const int Height = 360;

    /// <summary><paramref name="seconds"/> of 640x360 testsrc2 at 25 fps with a 440 Hz AAC track, a keyframe every 25 frames.</summary>
    public static string Create(string path, double seconds = 8)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var duration = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", $"testsrc2=size={Width}x{Height}:rate=25:duration={duration}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
            "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    /// <summary>
    /// The output has exactly the source's frames, each at its source time (so strictly increasing, with no gap or
    /// duplicate at a join), the same duration within a frame, the audio bit for bit, and the default watermark drawn
    /// on both sides of every join (and nothing else changed there).
    /// </summary>
    public static void AssertFrameExact(string source, string output, IReadOnlyList<JobSegment> segments)
    {
        Assert.Equal(Frames.CountFrames(source), Frames.CountFrames(output));
        var times = Frames.FrameTimes(output);
        Assert.Equal(Frames.FrameTimes(source), times);
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] > times[i - 1], $"frame {i} at {times[i]} s is not after frame {i - 1} at {times[i - 1]} s");
        }

        Assert.Equal(Frames.Duration(source), Frames.Duration(output), 0.04);
        Assert.Equal(Frames.AudioTrackMd5(source, 0), Frames.AudioTrackMd5(output, 0));

        var placed = Placement.Place(Width, Height, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, new WatermarkSpec());
        var area = placed.Geometry;
        var ink = WatermarkInk.In(placed);
        int[] numbers = [.. segments.Skip(1).SelectMany(s => new[] { s.FirstFrame - 1, s.FirstFrame })];
        var before = Frames.Numbered(source, numbers, Width, Height);
        var after = Frames.Numbered(output, numbers, Width, Height);
        for (var i = 0; i < numbers.Length; i++)
        {
            var inked = Frames.ChangedFraction(before[i], after[i], ink);
            var outside = Frames.ChangedFractionOutside(before[i], after[i], new Region(area.X, area.Y, area.Width, area.Height));
            Assert.True(inked > 0.2, $"frame {numbers[i]}: only {inked:P1} of the watermark's text changed the picture");
            Assert.True(outside < 0.02, $"frame {numbers[i]}: {outside:P1} of the picture outside the watermark changed");
        }
    }
}
