using System.Globalization;

namespace VideoWatermark.Engine.Processes;

/// <summary>
/// Turns ffmpeg's <c>-progress pipe:1</c> key=value lines into a percentage of the probed duration, clamped to 0..100
/// and never going backwards.
/// </summary>
internal sealed class ProgressReader(TimeSpan duration, IProgress<double>? progress)
{
    private double last = -1;

    public void OnLine(string line)
    {
        if (progress is null || duration <= TimeSpan.Zero)
        {
            return;
        }

        var eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0)
        {
            return;
        }

        var key = line.AsSpan(0, eq);
        var value = line.AsSpan(eq + 1);
        double percent;
        if (key.SequenceEqual("out_time_us") && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us))
        {
            percent = Math.Clamp(us / 10.0 / duration.TotalMilliseconds, 0, 100);
        }
        else if (key.SequenceEqual("progress") && value.SequenceEqual("end"))
        {
            percent = 100;
        }
        else
        {
            return;
        }

        if (percent > last)
        {
            last = percent;
            progress.Report(percent);
        }
    }
}
