using System.Globalization;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests.Segments;

/// <summary>The clips and the frame-by-frame reading the split-and-stitch tests use.</summary>
internal static class SplitTestMedia
{
    /// <summary>The keyframes of <see cref="OddClip"/> (frame numbers at 25 fps before every fourth is dropped).</summary>
    public static readonly double[] KeyframeSeconds = [0, 0.40, 0.56, 1.40, 2.20, 2.64];

    /// <summary>
    /// 3 s of 320x180 testsrc2 with a 440 Hz AAC track: variable frame rate (every fourth frame dropped), keyframes at
    /// odd places (<see cref="KeyframeSeconds"/>), and B-frames, so packets are stored out of presentation order.
    /// </summary>
    public static string OddClip(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=3",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
            "-map", "0:v", "-map", "1:a", "-vf", "select='not(eq(mod(n\\,4)\\,1))'", "-fps_mode", "passthrough",
            "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "bframes=2:keyint=1000:scenecut=0",
            "-force_key_frames", string.Join(',', KeyframeSeconds.Select(s => s.ToString("0.##", CultureInfo.InvariantCulture))),
            "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    /// <summary>
    /// Every decoded frame of the first video stream as (time in seconds, md5 of its pixels), in order: two files
    /// with equal lists show the same pictures at the same times.
    /// </summary>
    public static IReadOnlyList<(double Seconds, string Md5)> FrameHashes(string path)
    {
        var text = System.Text.Encoding.ASCII.GetString(MediaTool.Ffmpeg("-i", path, "-map", "0:v:0", "-fps_mode", "passthrough", "-f", "framemd5", "-"));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tb = lines.First(l => l.StartsWith("#tb 0:", StringComparison.Ordinal))["#tb 0:".Length..].Trim().Split('/');
        var (num, den) = (double.Parse(tb[0], CultureInfo.InvariantCulture), double.Parse(tb[1], CultureInfo.InvariantCulture));
        return [.. lines.Where(l => !l.StartsWith('#')).Select(l => l.Split(',', StringSplitOptions.TrimEntries))
            .Select(f => (Math.Round(long.Parse(f[2], CultureInfo.InvariantCulture) * num / den, 4), f[5]))];
    }

    /// <summary>The types of an MP4's top-level boxes, in file order (ftyp, moov, free, mdat, …).</summary>
    public static IReadOnlyList<string> TopLevelBoxes(string path)
    {
        var boxes = new List<string>();
        using var file = File.OpenRead(path);
        Span<byte> header = stackalloc byte[16];
        long position = 0;
        while (position + 8 <= file.Length)
        {
            file.Position = position;
            file.ReadExactly(header[..8]);
            long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header);
            boxes.Add(System.Text.Encoding.ASCII.GetString(header[4..8]));
            if (size == 1)
            {
                file.ReadExactly(header[8..16]);
                size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(header[8..16]);
            }
            else if (size == 0)
            {
                size = file.Length - position;
            }

            if (size < 8)
            {
                break;
            }

            position += size;
        }

        return boxes;
    }
}
