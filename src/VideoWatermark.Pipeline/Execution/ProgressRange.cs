namespace VideoWatermark.Pipeline.Execution;

/// <summary>One stage's 0–100 mapped onto its share of the job's progress, <paramref name="from"/> to <paramref name="to"/>.</summary>
internal sealed class ProgressRange(IProgress<double> target, double from, double to) : IProgress<double>
{
    public void Report(double value) => target.Report(from + ((to - from) * Math.Clamp(value, 0, 100) / 100));
}
