
namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Checks that a watermark is one still image ffmpeg can decode, of sane dimensions. The image is decoded once
/// (ffprobe -show_frames), so a damaged PNG is caught here rather than halfway through an encode.
/// </summary>
internal sealed class WatermarkImageProbe(string ffprobe)
{
    /// <summary>Larger than any frame we encode: a bigger image is a mistake (or a decompression bomb).</summary>
    public const int MaxSide = 8192;

    public async Task<ImageFacts> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new VideoRejectedException($"The watermark image '{name}' does not exist.");
        }

        if (file.Length == 0)
        {
            throw new VideoRejectedException($"The watermark image '{name}' is empty (0 bytes).");
        }

        var (json, errors) = await Ffprobe.RunAsync(ffprobe,
            ["-show_format", "-show_streams", "-show_entries", "frame=width,height", "-read_intervals", "%+#2", "-i", path],
            cancellationToken).ConfigureAwait(false);
        if (json is null || errors.Length > 0)
        {
            json?.Dispose();
            throw new VideoRejectedException($"The watermark image '{name}' cannot be decoded ({(errors.Length > 0 ? errors : "unreadable")}).");
        }

        using (json)
        {
            var root = json.RootElement;
            var format = root.GetProperty("format").Str("format_name") ?? "";
            var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
            var frames = root.TryGetProperty("frames", out var fr) ? fr.GetArrayLength() : 0;
            if (streams.Count != 1 || streams[0].Str("codec_type") != "video" || frames != 1
                || !(format.EndsWith("_pipe", StringComparison.Ordinal) || format == "image2"))
            {
                throw new VideoRejectedException($"The watermark '{name}' is not a still image: use a PNG (with transparency), JPEG or WebP.");
            }

            int width = streams[0].Int("width"), height = streams[0].Int("height");
            if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
            {
                throw new VideoRejectedException($"The watermark image '{name}' is {width}x{height} pixels: use an image between 1x1 and {MaxSide}x{MaxSide}.");
            }

            return new ImageFacts(streams[0].Str("codec_name") ?? "unknown", width, height);
        }
    }
}
