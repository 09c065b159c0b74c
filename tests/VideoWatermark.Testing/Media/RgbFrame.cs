namespace VideoWatermark.Testing.Media;

/// <summary>A rectangle of pixels: x, y of the top-left corner, width, height.</summary>
public readonly record struct Region(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    public bool Contains(int x, int y) => x >= X && x < Right && y >= Y && y < Bottom;

    /// <summary>This region grown by <paramref name="pixels"/> on every side (codec blur spills past edges).</summary>
    public Region Inflate(int pixels) => new(X - pixels, Y - pixels, Width + (2 * pixels), Height + (2 * pixels));

    /// <summary>The top or bottom half of this region.</summary>
    public Region TopHalf => this with { Height = Height / 2 };

    public Region BottomHalf => new(X, Y + (Height / 2), Width, Height - (Height / 2));
}

/// <summary>One decoded frame as packed RGB24 (3 bytes a pixel, rows top to bottom), as the viewer sees it.</summary>
public sealed class RgbFrame(int width, int height, byte[] pixels)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public byte[] Pixels { get; } = pixels.Length == width * height * 3
        ? pixels
        : throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB24, got {pixels.Length}.");

    public Region Whole => new(0, 0, Width, Height);

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>The mean of each channel over <paramref name="region"/> (clipped to the frame).</summary>
    public (double R, double G, double B) MeanColor(Region region)
    {
        double r = 0, g = 0, b = 0;
        var n = 0;
        foreach (var (x, y) in Coordinates(region))
        {
            var p = this[x, y];
            r += p.R;
            g += p.G;
            b += p.B;
            n++;
        }

        return n == 0 ? (0, 0, 0) : (r / n, g / n, b / n);
    }

    /// <summary>Mean brightness (0..255, Rec.601 weights) over <paramref name="region"/>.</summary>
    public double MeanLuma(Region region)
    {
        var (r, g, b) = MeanColor(region);
        return (0.299 * r) + (0.587 * g) + (0.114 * b);
    }

    internal IEnumerable<(int X, int Y)> Coordinates(Region region)
    {
        var x0 = Math.Max(0, region.X);
        var y0 = Math.Max(0, region.Y);
        var x1 = Math.Min(Width, region.Right);
        var y1 = Math.Min(Height, region.Bottom);
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                yield return (x, y);
            }
        }
    }
}
