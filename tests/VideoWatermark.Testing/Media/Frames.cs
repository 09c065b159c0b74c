using System.Globalization;
using System.Text.Json;

namespace VideoWatermark.Testing.Media;

/// <summary>
/// Reads what a viewer would see and hear from a media file, with the real ffmpeg: one decoded frame as RGB24
/// (<c>-f rawvideo</c>), pixel comparisons over regions, the decoded audio's md5 (<c>-map 0:a -f md5</c>), durations,
/// frame counts and stream facts (ffprobe).
/// </summary>
public static partial class Frames
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The frame shown at <paramref name="seconds"/>, decoded to RGB24 with rotation applied (as a player shows it).
    /// Also decodes still images (PNG, JPEG) with <paramref name="seconds"/> = 0.
    /// </summary>
    public static RgbFrame At(string path, double seconds = 0)
    {
        var info = Probe(path);
        var bytes = MediaTool.Ffmpeg("-ss", seconds.ToString("0.###", Inv), "-i", path,
            "-map", "0:v:0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        return new RgbFrame(info.DisplayWidth, info.DisplayHeight, bytes);
    }

    /// <summary>Mean absolute difference per channel (0..255) between two frames over <paramref name="region"/>.</summary>
    public static double MeanAbsDiff(RgbFrame a, RgbFrame b, Region region)
    {
        RequireSameSize(a, b);
        double sum = 0;
        var n = 0;
        foreach (var (x, y) in a.Coordinates(region))
        {
            var p = a[x, y];
            var q = b[x, y];
            sum += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
            n += 3;
        }

        return n == 0 ? 0 : sum / n;
    }

    /// <summary>
    /// The fraction (0..1) of pixels in <paramref name="region"/> where some channel differs by more than
    /// <paramref name="threshold"/>: 0 means "unchanged here", 1 means "changed everywhere here".
    /// </summary>
    public static double ChangedFraction(RgbFrame a, RgbFrame b, Region region, int threshold = 24) =>
        Changed(a, b, threshold, (x, y) => region.Contains(x, y));

    /// <summary>Like <see cref="ChangedFraction"/>, over every pixel of the frame outside <paramref name="region"/>.</summary>
    public static double ChangedFractionOutside(RgbFrame a, RgbFrame b, Region region, int threshold = 24) =>
        Changed(a, b, threshold, (x, y) => !region.Contains(x, y));

    /// <summary>md5 (hex) of the decoded audio of every audio stream: equal when the audio was copied untouched.</summary>
    public static string AudioMd5(string path)
    {
        var text = System.Text.Encoding.ASCII.GetString(MediaTool.Ffmpeg("-i", path, "-map", "0:a", "-f", "md5", "-"));
        return text.Trim().Replace("MD5=", "", StringComparison.Ordinal);
    }

    /// <summary>The container's duration in seconds.</summary>
    public static double Duration(string path) => Probe(path).Duration;

    /// <summary>The first video stream's duration in seconds, from its decoded frames' timestamps.</summary>
    public static double VideoDuration(string path)
    {
        var lines = MediaTool.Ffprobe("-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time,pkt_duration_time",
            "-of", "csv=p=0", path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double first = double.MaxValue, end = 0;
        foreach (var line in lines)
        {
            var parts = line.Split(',');
            if (!double.TryParse(parts[0], NumberStyles.Float, Inv, out var t))
            {
                continue;
            }

            var d = parts.Length > 1 && double.TryParse(parts[1], NumberStyles.Float, Inv, out var dd) ? dd : 0;
            first = Math.Min(first, t);
            end = Math.Max(end, t + d);
        }

        return lines.Length == 0 ? 0 : end - first;
    }

    /// <summary>How many frames the first video stream decodes to.</summary>
    public static int CountFrames(string path)
    {
        var text = MediaTool.Ffprobe("-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
            "-of", "csv=p=0", path);
        return int.Parse(text.Trim().Split('\n')[0].Trim(','), Inv);
    }

    /// <summary>The frames' presentation times in seconds (first video stream), in order.</summary>
    public static IReadOnlyList<double> FrameTimes(string path) =>
        [.. MediaTool.Ffprobe("-select_streams", "v:0", "-show_entries", "frame=best_effort_timestamp_time", "-of", "csv=p=0", path)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line.Trim(','), NumberStyles.Float, Inv))];

    /// <summary>Container, codecs, pixel format, size, rotation and audio of a file.</summary>
    public static VideoInfo Probe(string path)
    {
        using var json = JsonDocument.Parse(MediaTool.Ffprobe("-show_format", "-show_streams", "-of", "json", path));
        var root = json.RootElement;
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        var video = streams.FirstOrDefault(x => Str(x, "codec_type") == "video");
        var audio = streams.Where(x => Str(x, "codec_type") == "audio").ToList();
        var format = root.GetProperty("format");
        var hasVideo = video.ValueKind == JsonValueKind.Object;
        return new VideoInfo(
            Str(format, "format_name") ?? "",
            double.TryParse(Str(format, "duration"), NumberStyles.Float, Inv, out var d) ? d : 0,
            hasVideo ? Str(video, "codec_name") : null,
            hasVideo ? Str(video, "pix_fmt") : null,
            hasVideo ? video.GetProperty("width").GetInt32() : 0,
            hasVideo ? video.GetProperty("height").GetInt32() : 0,
            hasVideo ? Rotation(video) : 0,
            audio.Count > 0 ? Str(audio[0], "codec_name") : null,
            audio.Count,
            hasVideo ? Str(video, "profile") : null);
    }

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var r) && r.ValueKind == JsonValueKind.Number)
                {
                    return r.GetInt32();
                }
            }
        }

        return stream.TryGetProperty("tags", out var tags) && int.TryParse(Str(tags, "rotate"), Inv, out var rotate) ? rotate : 0;
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()) : null;

    private static double Changed(RgbFrame a, RgbFrame b, int threshold, Func<int, int, bool> include)
    {
        RequireSameSize(a, b);
        long changed = 0, total = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (!include(x, y))
                {
                    continue;
                }

                var p = a[x, y];
                var q = b[x, y];
                total++;
                if (Math.Abs(p.R - q.R) > threshold || Math.Abs(p.G - q.G) > threshold || Math.Abs(p.B - q.B) > threshold)
                {
                    changed++;
                }
            }
        }

        return total == 0 ? 0 : (double)changed / total;
    }

    private static void RequireSameSize(RgbFrame a, RgbFrame b)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Frames differ in size: {a.Width}x{a.Height} vs {b.Width}x{b.Height}.");
        }
    }
}
