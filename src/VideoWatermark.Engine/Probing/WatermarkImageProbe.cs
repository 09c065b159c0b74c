using System.Text.Json;
using System.Text.RegularExpressions;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Checks that a watermark is one still image ffmpeg can decode, of sane dimensions. The image is decoded once
/// (ffprobe -show_entries frame), so a damaged PNG is caught here rather than halfway through an encode.
/// </summary>
internal sealed partial class WatermarkImageProbe(Ffprobe ffprobe)
{
    /// <summary>Larger than any frame we encode: a bigger image is a mistake (or a decompression bomb).</summary>
    public const int MaxSide = 8192;

    /// <summary>Decode at most two frames: one for a still image, two prove it is not one.</summary>
    private const string DecodeFrames = "-show_entries frame=width,height -read_intervals %+#2";

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

        var (analysis, errors) = await ffprobe.AnalyseAsync(path, LinkName(file.Extension), DecodeFrames, cancellationToken)
            .ConfigureAwait(false);
        if (analysis is null || errors.Length > 0)
        {
            throw new VideoRejectedException($"The watermark image '{name}' cannot be decoded ({(errors.Length > 0 ? errors : "unreadable")}).");
        }

        var format = analysis.Format.FormatName ?? "";
        var streams = analysis.Raw.Streams.Count;
        var image = analysis.VideoStreams.FirstOrDefault();
        if (streams != 1 || image is null || FrameCount(analysis.Raw.ExtensionData) != 1
            || !(format.EndsWith("_pipe", StringComparison.Ordinal) || format == "image2"))
        {
            throw new VideoRejectedException($"The watermark '{name}' is not a still image: use a PNG (with transparency), JPEG or WebP.");
        }

        int width = image.Width ?? 0, height = image.Height ?? 0;
        if (width < 1 || height < 1 || width > MaxSide || height > MaxSide)
        {
            throw new VideoRejectedException($"The watermark image '{name}' is {width}x{height} pixels: use an image between 1x1 and {MaxSide}x{MaxSide}.");
        }

        return new ImageFacts(image.CodecName ?? "unknown", width, height);
    }

    /// <summary>
    /// FFMpegCore's analysis has no model for decoded frames; ffprobe's "frames" section is kept, unparsed, in the
    /// report's extension data. Counting it keeps the decode in the same run, whose errors the analysis carries.
    /// </summary>
    private static int FrameCount(IReadOnlyDictionary<string, JsonElement>? extra) =>
        extra is not null && extra.TryGetValue("frames", out var frames) && frames.ValueKind == JsonValueKind.Array
            ? frames.GetArrayLength()
            : 0;

    /// <summary>
    /// The link is named "watermark" plus the file's extension when that is plain letters and digits (the image2
    /// demuxer goes by it); anything else is dropped, and ffprobe recognises the image by its content.
    /// </summary>
    private static string LinkName(string extension) =>
        SafeExtension().IsMatch(extension) ? "watermark" + extension.ToLowerInvariant() : "watermark";

    [GeneratedRegex(@"^\.[A-Za-z0-9]{1,8}$")]
    private static partial Regex SafeExtension();
}
