using System.Globalization;

namespace VideoWatermark.Testing.Media;

/// <summary>How one output frame compares with the same input frame, outside the watermark.</summary>
/// <param name="Index">The frame's number in decode order (0 = first).</param>
/// <param name="Psnr">PSNR in dB over the RGB channels; coding noise keeps it high, a colour shift pulls it down.</param>
/// <param name="BlockPsnr">PSNR in dB over the means of 8x8 blocks: coding noise and chroma subsampling average
/// away, a range or matrix mismatch (which moves whole areas) stays.</param>
/// <param name="Shift">Mean signed difference per channel (output − input, 0..255 levels). Coding noise averages
/// out to about zero; a range or matrix mismatch moves every pixel the same way and does not.</param>
public sealed record FrameFidelity(int Index, double Psnr, double BlockPsnr, (double R, double G, double B) Shift, RgbFrame Input, RgbFrame Output)
{
    public double LargestShift => Math.Max(Math.Abs(Shift.R), Math.Max(Math.Abs(Shift.G), Math.Abs(Shift.B)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"frame {Index}: PSNR {Psnr:0.0} dB, block PSNR {BlockPsnr:0.0} dB, shift R {Shift.R:+0.00;-0.00} G {Shift.G:+0.00;-0.00} B {Shift.B:+0.00;-0.00}");
}

/// <summary>
/// Looks where a video engineer would: the first, middle and last frames of the output against the same frames of
/// the input, decoded as a player decodes them (the file's own colour tags, rotation applied), compared outside the
/// watermark's rectangle.
/// </summary>
public static class PictureFidelity
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// First, middle and last frame of each, the input cropped to the output's size from the top-left (the engine
    /// drops an odd last row or column), compared outside <paramref name="watermark"/> grown by
    /// <paramref name="margin"/> pixels (scaling and chroma subsampling blur its edges).
    /// </summary>
    public static IReadOnlyList<FrameFidelity> Compare(string input, string output, Region watermark, int margin = 3)
    {
        var info = Frames.Probe(output);
        var count = Frames.CountFrames(output);
        int[] indices = [0, count / 2, count - 1];
        var before = Frames.Numbered(input, indices, info.DisplayWidth, info.DisplayHeight);
        var after = Frames.Numbered(output, indices, info.DisplayWidth, info.DisplayHeight);
        var excluded = watermark.Inflate(margin);
        return [.. indices.Select((index, i) => new FrameFidelity(index, Psnr(before[i], after[i], excluded), BlockPsnr(before[i], after[i], excluded), Shift(before[i], after[i], excluded), before[i], after[i]))];
    }

    /// <summary>PSNR (dB, peak 255) over every pixel outside <paramref name="excluded"/>; +∞ when identical.</summary>
    public static double Psnr(RgbFrame a, RgbFrame b, Region excluded)
    {
        double sum = 0;
        long n = 0;
        Outside(a, b, excluded, (p, q) =>
        {
            sum += Sq(p.R - q.R) + Sq(p.G - q.G) + Sq(p.B - q.B);
            n += 3;
        });
        var mse = n == 0 ? 0 : sum / n;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);

        static double Sq(int d) => (double)d * d;
    }

    /// <summary>PSNR (dB) over the mean colour of each 8x8 block lying wholly outside <paramref name="excluded"/>.</summary>
    public static double BlockPsnr(RgbFrame a, RgbFrame b, Region excluded, int block = 8)
    {
        double sum = 0;
        long n = 0;
        for (var y = 0; y + block <= a.Height; y += block)
        {
            for (var x = 0; x + block <= a.Width; x += block)
            {
                var cell = new Region(x, y, block, block);
                if (cell.X < excluded.Right && excluded.X < cell.Right && cell.Y < excluded.Bottom && excluded.Y < cell.Bottom)
                {
                    continue;
                }

                var (r1, g1, b1) = a.MeanColor(cell);
                var (r2, g2, b2) = b.MeanColor(cell);
                sum += ((r1 - r2) * (r1 - r2)) + ((g1 - g2) * (g1 - g2)) + ((b1 - b2) * (b1 - b2));
                n += 3;
            }
        }

        var mse = n == 0 ? 0 : sum / n;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Mean of (b − a) per channel over every pixel outside <paramref name="excluded"/>.</summary>
    public static (double R, double G, double B) Shift(RgbFrame a, RgbFrame b, Region excluded)
    {
        double r = 0, g = 0, bl = 0;
        long n = 0;
        Outside(a, b, excluded, (p, q) =>
        {
            r += q.R - p.R;
            g += q.G - p.G;
            bl += q.B - p.B;
            n++;
        });
        return n == 0 ? (0, 0, 0) : (r / n, g / n, bl / n);
    }

    /// <summary>A line per frame, for assertion messages.</summary>
    public static string Describe(IEnumerable<FrameFidelity> frames) => string.Join("; ", frames);

    internal static string Select(IReadOnlyList<int> indices) =>
        "select='" + string.Join('+', indices.Distinct().Select(i => string.Create(Inv, $"eq(n\\,{i})"))) + "'";

    private static void Outside(RgbFrame a, RgbFrame b, Region excluded, Action<(byte R, byte G, byte B), (byte R, byte G, byte B)> visit)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"Frames differ in size: {a.Width}x{a.Height} vs {b.Width}x{b.Height}.");
        }

        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                if (!excluded.Contains(x, y))
                {
                    visit(a[x, y], b[x, y]);
                }
            }
        }
    }
}
