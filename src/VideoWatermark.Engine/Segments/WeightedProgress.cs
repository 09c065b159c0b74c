namespace VideoWatermark.Engine.Segments;

/// <summary>
/// One progress for segments encoded side by side: each segment's 0..100 weighted by its share of the frames, up to
/// 99 (the join is the rest), never going backwards.
/// </summary>
internal sealed class WeightedProgress(IReadOnlyList<VideoSegment> segments, IProgress<double>? target)
{
    private readonly Lock gate = new();
    private readonly double[] done = new double[segments.Count];
    private readonly double total = segments.Sum(s => (double)s.FrameCount);
    private double last = -1;

    public IProgress<double>? For(int index) => target is null ? null : new Share(this, index);

    private void Report(int index, double percent)
    {
        lock (gate)
        {
            done[index] = Math.Max(done[index], percent);
            var overall = 0.0;
            for (var i = 0; i < done.Length; i++)
            {
                overall += done[i] * segments[i].FrameCount / total;
            }

            overall = Math.Min(99, overall * 0.99);
            if (overall > last)
            {
                last = overall;
                target!.Report(overall);
            }
        }
    }

    private sealed class Share(WeightedProgress owner, int index) : IProgress<double>
    {
        public void Report(double value) => owner.Report(index, value);
    }
}
