using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Pipeline.Tests.Support;

public static class Pixels
{
    /// <summary>Mean of (after − before) luma-ish brightness over the pixels inside or outside <paramref name="area"/>.</summary>
    public static double MeanBrightening(byte[] before, byte[] after, int width, OverlayGeometry area, bool inside)
    {
        double sum = 0;
        var count = 0;
        for (var i = 0; i < before.Length; i += 3)
        {
            var x = i / 3 % width;
            var y = i / 3 / width;
            var within = x >= area.X && x < area.X + area.Width && y >= area.Y && y < area.Y + area.Height;
            if (within != inside)
            {
                continue;
            }

            sum += (after[i] + after[i + 1] + after[i + 2] - before[i] - before[i + 1] - before[i + 2]) / 3.0;
            count++;
        }

        return sum / count;
    }
}
