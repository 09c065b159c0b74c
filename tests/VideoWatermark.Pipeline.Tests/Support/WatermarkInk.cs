using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// Where the default watermark actually draws: its text is a thin band across the middle of a mostly transparent
/// image, so pixel checks look at that band, placed as the engine places the whole image.
/// </summary>
public static class WatermarkInk
{
    private static readonly Lazy<(int X, int Y, int Width, int Height)> Box = new(Measure);

    /// <summary>The part of the frame covered by the text, where <paramref name="placed"/> drew the image's part.</summary>
    public static Region In(PlacedWatermark placed)
    {
        var box = Box.Value;
        var (g, part) = (placed.Geometry, placed.Part);
        double sx = (double)g.Width / part.Width, sy = (double)g.Height / part.Height;
        return new Region(
            g.X + (int)Math.Ceiling((box.X - part.X) * sx),
            g.Y + (int)Math.Ceiling((box.Y - part.Y) * sy),
            (int)Math.Floor(box.Width * sx),
            (int)Math.Floor(box.Height * sy));
    }

    // The bounding box of the pixels that are clearly drawn (alpha above a quarter), read from the image with ffmpeg.
    private static (int, int, int, int) Measure()
    {
        var path = DefaultWatermark.WriteTo(Path.Combine(TempFolder.Shared("watermarks"), $"watermark-{Guid.NewGuid():N}.png"));
        try
        {
            var alpha = MediaTool.Ffmpeg("-i", path, "-vf", "alphaextract", "-f", "rawvideo", "-pix_fmt", "gray", "-");
            int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
            for (var i = 0; i < alpha.Length; i++)
            {
                if (alpha[i] > 64)
                {
                    int x = i % DefaultWatermark.Width, y = i / DefaultWatermark.Width;
                    (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
                }
            }

            return (minX, minY, maxX - minX + 1, maxY - minY + 1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
