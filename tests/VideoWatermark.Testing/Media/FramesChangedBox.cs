namespace VideoWatermark.Testing.Media;

public static partial class Frames
{
    /// <summary>
    /// The smallest region holding every pixel whose channels differ between the two frames by more than
    /// <paramref name="threshold"/> in sum: where a watermark visibly drew. Null when nothing changed.
    /// </summary>
    public static Region? ChangedBox(RgbFrame before, RgbFrame after, int threshold = 30)
    {
        RequireSameSize(before, after);
        var (left, top, right, bottom) = (int.MaxValue, int.MaxValue, -1, -1);
        for (var y = 0; y < before.Height; y++)
        {
            for (var x = 0; x < before.Width; x++)
            {
                var (a, b) = (before[x, y], after[x, y]);
                if (Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B) > threshold)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return right < 0 ? null : new Region(left, top, right - left + 1, bottom - top + 1);
    }
}
