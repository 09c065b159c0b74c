using System.Globalization;

namespace VideoWatermark.Testing.Media;

/// <summary>
/// Big clips in little time: testsrc2 under heavy noise, stored lossless, about 4 MB per second at 320x240. Noise
/// does not compress, so the file (and a lossless re-encode of it) stays about this size.
/// </summary>
public static class NoisyClips
{
    public static string Make(string path, double seconds)
    {
        var duration = seconds.ToString(CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        MediaTool.Ffmpeg(
            "-y", "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate=25:duration={duration}",
            "-f", "lavfi", "-i", $"sine=frequency=440:sample_rate=48000:duration={duration}",
            "-vf", "noise=alls=80:allf=t", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p",
            "-c:a", "aac", path);
        return path;
    }
}
