using System.Globalization;
using System.Text.Json;
using VideoWatermark.Core;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Decides, before any encode, whether an input is a playable video, and learns what the command needs (stream
/// indexes, size, rotation, duration, audio codecs). Every refusal is a <see cref="VideoRejectedException"/> with
/// one line saying why.
/// </summary>
internal sealed class VideoProbe(string ffprobe)
{
    public async Task<VideoFacts> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new VideoRejectedException($"'{name}' does not exist.");
        }

        var ext = file.Extension.ToLowerInvariant();
        if (!ObjectKeys.VideoExtensions.Contains(ext))
        {
            throw new VideoRejectedException(
                $"'{name}' is not a supported video file: use {string.Join(", ", ObjectKeys.VideoExtensions)}.");
        }

        if (file.Length == 0)
        {
            throw new VideoRejectedException($"'{name}' is empty (0 bytes): the upload may not have completed.");
        }

        var (json, errors) = await Ffprobe.RunAsync(ffprobe, ["-show_format", "-show_streams", "-i", path], cancellationToken)
            .ConfigureAwait(false);
        if (json is null)
        {
            throw new VideoRejectedException($"'{name}' is not a playable video ({errors}): the file is damaged, incomplete or not a video.");
        }

        using (json)
        {
            return Read(name, json.RootElement);
        }
    }

    private static VideoFacts Read(string name, JsonElement root)
    {
        var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
        var video = streams.FirstOrDefault(x => x.Str("codec_type") == "video" && !IsCoverArt(x));
        var audio = streams.Where(x => x.Str("codec_type") == "audio")
            .Select(x => new AudioTrack(x.Int("index"), x.Str("codec_name") ?? "unknown"))
            .ToList();
        if (video.ValueKind != JsonValueKind.Object)
        {
            throw new VideoRejectedException(audio.Count > 0
                ? $"'{name}' has no video stream: it is audio only."
                : $"'{name}' has no video stream.");
        }

        int width = video.Int("width"), height = video.Int("height");
        if (width < 2 || height < 2)
        {
            throw new VideoRejectedException($"'{name}' has no usable picture ({width}x{height}).");
        }

        var format = root.TryGetProperty("format", out var f) ? f : default;
        var seconds = Seconds(format.ValueKind == JsonValueKind.Object ? format.Str("duration") : null)
            ?? Seconds(video.Str("duration"))
            ?? 0;
        if (seconds <= 0)
        {
            throw new VideoRejectedException($"'{name}' has no duration: it holds no playable frames.");
        }

        return new VideoFacts(
            format.ValueKind == JsonValueKind.Object ? format.Str("format_name") ?? "" : "",
            video.Int("index"),
            video.Str("codec_name") ?? "unknown",
            video.Str("pix_fmt") ?? "unknown",
            width,
            height,
            Rotation(video),
            TimeSpan.FromSeconds(seconds),
            audio);
    }

    private static bool IsCoverArt(JsonElement stream) =>
        stream.TryGetProperty("disposition", out var d) && d.Int("attached_pic") == 1;

    private static double? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s) && s > 0 ? s : null;

    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var list))
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty("rotation", out var r) && r.TryGetDouble(out var degrees))
                {
                    return (int)Math.Round(degrees);
                }
            }
        }

        return stream.TryGetProperty("tags", out var tags) && int.TryParse(tags.Str("rotate"), CultureInfo.InvariantCulture, out var rotate)
            ? rotate
            : 0;
    }
}
