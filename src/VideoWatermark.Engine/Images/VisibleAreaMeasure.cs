using SkiaSharp;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Engine.Images;

/// <summary>
/// Finds a watermark image's <see cref="VisibleArea"/> by decoding it. The portal measures each library image once,
/// when it is added; the engine measures the bytes it was given, with this same code, so the preview and the worker
/// place the same box.
/// </summary>
public static class VisibleAreaMeasure
{
    /// <summary>
    /// The bounding box of the pixels whose alpha is above <see cref="VisibleArea.AlphaThreshold"/>; null when no
    /// pixel is. Call it only on bytes <see cref="WatermarkImage.Inspect"/> accepted (its size check keeps a
    /// decompression bomb away from the decoder).
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes do not decode as an image.</exception>
    public static VisibleArea? Measure(ReadOnlySpan<byte> image)
    {
        using var data = SKData.CreateCopy(image);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("The image cannot be decoded.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = SKBitmap.Decode(codec, info) ?? throw new InvalidDataException("The image cannot be decoded.");
        return Measure(bitmap);
    }

    /// <summary>The same box, of pixels already decoded as unpremultiplied RGBA (the worker's check decodes them).</summary>
    internal static VisibleArea? Measure(SKBitmap rgba) => Bounds(rgba.GetPixelSpan(), rgba.Width, rgba.Height, rgba.RowBytes);

    private static VisibleArea? Bounds(ReadOnlySpan<byte> rgba, int width, int height, int rowBytes)
    {
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y++)
        {
            var row = rgba.Slice(y * rowBytes, width * 4);
            for (var x = 0; x < width; x++)
            {
                if (row[(x * 4) + 3] > VisibleArea.AlphaThreshold)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = y;
                }
            }
        }

        return right < 0 ? null : new VisibleArea(left, top, right - left + 1, bottom - top + 1);
    }
}
