namespace VideoWatermark.Testing.Media;

/// <summary>
/// Structural similarity (Wang et al. 2004) of two frames' luma over a region: the mean over 8×8 windows (stride 4)
/// of the usual SSIM formula with K1 = 0.01, K2 = 0.03 on 0..255. 1 is identical; coding noise keeps it near 0.99.
/// </summary>
public static class Ssim
{
    private const int Window = 8;
    private const int Stride = 4;
    private const double C1 = 0.01 * 255 * 0.01 * 255;
    private const double C2 = 0.03 * 255 * 0.03 * 255;

    public static double Of(RgbFrame a, RgbFrame b, Region region)
    {
        if (a.Width != b.Width || a.Height != b.Height)
        {
            throw new ArgumentException($"The frames differ in size: {a.Width}x{a.Height} and {b.Width}x{b.Height}.");
        }

        var x0 = Math.Max(0, region.X);
        var y0 = Math.Max(0, region.Y);
        var x1 = Math.Min(a.Width, region.Right);
        var y1 = Math.Min(a.Height, region.Bottom);
        double total = 0;
        var windows = 0;
        for (var y = y0; y + Window <= y1; y += Stride)
        {
            for (var x = x0; x + Window <= x1; x += Stride)
            {
                total += WindowSsim(a, b, x, y);
                windows++;
            }
        }

        return windows == 0 ? throw new ArgumentException($"The region {region} holds no {Window}x{Window} window.") : total / windows;
    }

    private static double WindowSsim(RgbFrame a, RgbFrame b, int x0, int y0)
    {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        for (var y = y0; y < y0 + Window; y++)
        {
            for (var x = x0; x < x0 + Window; x++)
            {
                var la = Luma(a[x, y]);
                var lb = Luma(b[x, y]);
                sa += la;
                sb += lb;
                saa += la * la;
                sbb += lb * lb;
                sab += la * lb;
            }
        }

        const double n = Window * Window;
        var (ma, mb) = (sa / n, sb / n);
        var (va, vb, cov) = ((saa / n) - (ma * ma), (sbb / n) - (mb * mb), (sab / n) - (ma * mb));
        return ((2 * ma * mb) + C1) * ((2 * cov) + C2) / (((ma * ma) + (mb * mb) + C1) * (va + vb + C2));
    }

    private static double Luma((byte R, byte G, byte B) p) => (0.299 * p.R) + (0.587 * p.G) + (0.114 * p.B);
}
