using SkiaSharp;

namespace VideoWatermark.Engine.Text;

/// <summary>
/// A drawn layer as the PNG handed to ffmpeg. The file lives only for one run and is read once, so it is written for
/// speed: the "up" row filter and zlib's fastest level. PNG stays lossless at any level; the default settings (every
/// row filter tried, zlib's default level) made a frame-sized tile the slowest step between the probe and ffmpeg's
/// start (bench/README.md, "Templates").
/// </summary>
public static class LayerPng
{
    private static readonly SKPngEncoderOptions Fast = new(SKPngEncoderFilterFlags.Up, 1);

    public static byte[] Encode(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var pixels = bitmap.PeekPixels();
        using var data = pixels.Encode(Fast) ?? throw new InvalidOperationException($"Skia could not encode a {bitmap.Width}x{bitmap.Height} layer as PNG.");
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="bitmap"/> at <paramref name="opacity"/> (0…1) as a new bitmap: a drawn layer carries its opacity
    /// in its pixels, so ffmpeg does not rescale the alpha of a frame-sized still once more.
    /// </summary>
    public static SKBitmap WithOpacity(SKBitmap bitmap, double opacity)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        if (opacity >= 1)
        {
            return bitmap.Copy();
        }

        var faded = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(faded);
        canvas.Clear(SKColors.Transparent);
        using var image = SKImage.FromBitmap(bitmap);
        using var paint = Paint(opacity);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), paint);
        return faded;
    }

    /// <summary>A paint that draws at <paramref name="opacity"/>, in float so the alpha is not first rounded to 1/255.</summary>
    internal static SKPaint Paint(double opacity) => new() { ColorF = new SKColorF(0, 0, 0, (float)Math.Clamp(opacity, 0, 1)) };
}
