using SkiaSharp;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Images;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Checks that a watermark is one still image that decodes whole, of sane dimensions. Its bytes are checked first,
/// without decoding (<see cref="WatermarkImage.Inspect"/>: the format by its magic numbers, the declared size, PNG
/// checksums), so no decoder ever sees an SVG or a decompression bomb; then Skia decodes it once, in this process, so
/// a damaged image is caught here rather than halfway through an encode, and the same pixels give the visible area.
/// No ffprobe is started for it: its start (it loads every ffmpeg library) would come before each encode, to learn
/// only what the header and this decode already say.
/// </summary>
internal sealed class WatermarkImageProbe
{
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
        return header is null ? throw new VideoRejectedException(problem!) : Decode(bytes, header, name, subject);
    }

    private static ImageFacts Decode(byte[] bytes, ImageHeaderInfo header, string name, string subject)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw new VideoRejectedException($"{subject} cannot be decoded.");
        if (CodecName(codec.EncodedFormat) is not { } codecName)
        {
            throw new VideoRejectedException($"{subject} is not a {WatermarkImage.Formats} image.");
        }

        // ffmpeg plays an animated GIF or WebP frame by frame (its WebP decoder reads no animation at all); an APNG it
        // draws as its default image, the one decoded here.
        if (codec.FrameCount > 1 && codec.EncodedFormat != SKEncodedImageFormat.Png)
        {
            throw new VideoRejectedException($"The watermark '{name}' is not a still image: use a PNG (with transparency), JPEG or WebP.");
        }

        int width = codec.Info.Width, height = codec.Info.Height;
        if (width != header.Width || height != header.Height)
        {
            throw new VideoRejectedException($"{subject} says it is {header.Width}x{header.Height} pixels but decodes as {width}x{height}: it is damaged.");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            // A cut-short image decodes partly (the rest left blank): it is refused all the same.
            throw new VideoRejectedException($"{subject} cannot be decoded ({(decoded == SKCodecResult.IncompleteInput ? "it is cut short" : "its data is damaged")}).");
        }

        return VisibleAreaMeasure.Measure(bitmap) is { } visible && visible.FitsIn(width, height)
            ? new ImageFacts(codecName, width, height, visible)
            : throw new VideoRejectedException($"{subject} is fully transparent: nothing of it would show on the video.");
    }

    /// <summary>ffmpeg's name for the decoder that reads the image in the encode, as the run log shows it.</summary>
    private static string? CodecName(SKEncodedImageFormat format) => format switch
    {
        SKEncodedImageFormat.Png => "png",
        SKEncodedImageFormat.Jpeg => "mjpeg",
        SKEncodedImageFormat.Webp => "webp",
        SKEncodedImageFormat.Gif => "gif",
        SKEncodedImageFormat.Bmp => "bmp",
        _ => null,
    };
}
