using System.Text.Json;
using System.Text.RegularExpressions;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Images;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Checks that a watermark is one still image ffmpeg can decode, of sane dimensions. Its bytes are checked first,
/// without decoding (<see cref="WatermarkImage.Inspect"/>: the format by its magic numbers, the declared size, PNG
/// checksums), so ffprobe never opens an SVG or a decompression bomb; then the image is decoded once
/// (ffprobe -show_entries frame), so a damaged image is caught here rather than halfway through an encode.
/// </summary>
internal sealed partial class WatermarkImageProbe(Ffprobe ffprobe)
{
    /// <summary>Decode at most two frames: one for a still image, two prove it is not one.</summary>
    private static readonly string[] DecodeFrames = ["-show_entries", "frame=width,height", "-read_intervals", "%+#2"];

    /// <param name="name">The image's name as its owner knows it, for the refusals.</param>
    public async Task<ImageFacts> ProbeAsync(string path, string name, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new VideoRejectedException($"The watermark image '{name}' does not exist.");
        }

        var subject = $"The watermark image '{name}'";
        if (file.Length > WatermarkImage.MaxBytes)
        {
            throw new VideoRejectedException($"{subject} is {Core.ByteSize.Format(file.Length)}; a watermark image may be at most {Core.ByteSize.Format(WatermarkImage.MaxBytes)}.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        var (header, problem) = WatermarkImage.Inspect(bytes, subject);
        if (header is null)
        {
            throw new VideoRejectedException(problem!);
        }

        // Skia's decode (the visible area) runs beside ffprobe's: loading Skia is part of every worker's start.
        var measuring = Task.Run(() => Measure(bytes), cancellationToken);
        var (analysis, errors) = await ffprobe.AnalyseAsync(path, LinkName(header.Format), DecodeFrames, cancellationToken);
        if (analysis is null || errors.Length > 0)
        {
            throw new VideoRejectedException($"{subject} cannot be decoded ({(errors.Length > 0 ? errors : "unreadable")}).");
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
        if (width != header.Width || height != header.Height)
        {
            throw new VideoRejectedException($"{subject} says it is {header.Width}x{header.Height} pixels but decodes as {width}x{height}: it is damaged.");
        }

        return new ImageFacts(image.CodecName ?? "unknown", width, height, Visible(await measuring, subject, width, height));
    }

    /// <summary>The visible area, or whether Skia could decode the bytes at all (never throws: it runs unobserved when ffprobe refuses first).</summary>
    private static (VisibleArea? Visible, bool Decoded) Measure(byte[] bytes)
    {
        try
        {
            return (VisibleAreaMeasure.Measure(bytes), true);
        }
        catch (InvalidDataException)
        {
            return (null, false);
        }
    }

    /// <summary>The part placement applies to; an image with nothing visible would stamp nothing, so it is refused.</summary>
    private static VisibleArea Visible((VisibleArea? Visible, bool Decoded) measured, string subject, int width, int height)
    {
        if (!measured.Decoded)
        {
            throw new VideoRejectedException($"{subject} cannot be decoded.");
        }

        return measured.Visible is { } v && v.FitsIn(width, height)
            ? v
            : throw new VideoRejectedException($"{subject} is fully transparent: nothing of it would show on the video.");
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
    /// The link is named after the format the bytes showed (the image2 demuxer goes by the extension), whatever the
    /// file was called: a PNG named logo.jpg is read as the PNG it is.
    /// </summary>
    private static string LinkName(string format) => "watermark." + SafeFormat().Replace(format.ToLowerInvariant(), "");

    [GeneratedRegex("[^a-z]")]
    private static partial Regex SafeFormat();
}
