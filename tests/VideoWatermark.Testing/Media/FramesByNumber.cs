using System.Globalization;
using System.Text.Json;

namespace VideoWatermark.Testing.Media;

public static partial class Frames
{
    /// <summary>
    /// The frames numbered <paramref name="indices"/> (decode order, 0 = first), decoded to RGB24 as a player shows
    /// them and cropped to <paramref name="width"/>x<paramref name="height"/> from the top-left, in the order asked.
    /// One ffmpeg run decodes them all.
    /// </summary>
    public static IReadOnlyList<RgbFrame> Numbered(string path, IReadOnlyList<int> indices, int width, int height)
    {
        var distinct = indices.Distinct().Order().ToList();
        var filter = $"{PictureFidelity.Select(distinct)},crop={width}:{height}:0:0";
        var bytes = MediaTool.Ffmpeg("-i", path, "-map", "0:v:0", "-vf", filter, "-fps_mode", "passthrough",
            "-frames:v", distinct.Count.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        var size = width * height * 3;
        if (bytes.Length != size * distinct.Count)
        {
            throw new InvalidOperationException($"{path}: expected {distinct.Count} frames of {width}x{height} (numbers {string.Join(", ", distinct)}), got {bytes.Length} bytes.");
        }

        return [.. indices.Select(i => new RgbFrame(width, height, bytes[(distinct.IndexOf(i) * size)..((distinct.IndexOf(i) + 1) * size)]))];
    }

    /// <summary>Every audio track in stream order: codec, channels, language tag and start time.</summary>
    public static IReadOnlyList<AudioTrack> AudioTracks(string path)
    {
        using var json = JsonDocument.Parse(MediaTool.Ffprobe("-select_streams", "a", "-show_entries",
            "stream=codec_name,channels,start_time:stream_tags=language", "-of", "json", path));
        return [.. json.RootElement.GetProperty("streams").EnumerateArray().Select(s => new AudioTrack(
            s.GetProperty("codec_name").GetString() ?? "",
            s.GetProperty("channels").GetInt32(),
            s.TryGetProperty("tags", out var tags) && tags.TryGetProperty("language", out var language) ? language.GetString() : null,
            Seconds(s)))];
    }

    /// <summary>When the first video stream starts, in seconds (ffprobe's start_time, edit lists applied).</summary>
    public static double VideoStart(string path)
    {
        using var json = JsonDocument.Parse(MediaTool.Ffprobe("-select_streams", "v:0", "-show_entries", "stream=start_time", "-of", "json", path));
        return Seconds(json.RootElement.GetProperty("streams")[0]);
    }

    /// <summary>md5 (hex) of the packets of audio track <paramref name="track"/> (0 = first): equal when it was copied untouched.</summary>
    public static string AudioTrackMd5(string path, int track)
    {
        var text = System.Text.Encoding.ASCII.GetString(MediaTool.Ffmpeg("-i", path, "-map", $"0:a:{track}", "-c", "copy", "-f", "md5", "-"));
        return text.Trim().Replace("MD5=", "", StringComparison.Ordinal);
    }

    private static double Seconds(JsonElement stream) =>
        stream.TryGetProperty("start_time", out var v) && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0;
}
