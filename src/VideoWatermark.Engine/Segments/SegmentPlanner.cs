namespace VideoWatermark.Engine.Segments;

/// <summary>
/// Cuts a video into segments that start on keyframes of the source, so each one decodes from its own first frame
/// and no frame is decoded, encoded or shown twice. The cuts go to the keyframes nearest to equal shares of the
/// duration; a cut that would leave a segment shorter than the minimum is left out, so a video with few keyframes
/// gets fewer segments than asked.
/// </summary>
public static class SegmentPlanner
{
    /// <summary>The shortest segment by default: shorter ones cost more in start-up than they save.</summary>
    public const double DefaultMinimumSeconds = 1;

    public static SegmentPlan Plan(FrameTimeline timeline, int count, double minimumSeconds = DefaultMinimumSeconds)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (timeline.FrameCount == 0)
        {
            throw new ArgumentException("The video has no frames to cut.", nameof(timeline));
        }

        var times = timeline.Times;
        var starts = new List<int> { 0 };
        for (var i = 1; i < count; i++)
        {
            var target = timeline.Start + (timeline.Duration * i / count);
            var previous = times[starts[^1]];
            var best = -1;
            foreach (var k in timeline.Keyframes)
            {
                if (k <= starts[^1] || times[k] - previous < minimumSeconds || timeline.End - times[k] < minimumSeconds)
                {
                    continue;
                }

                if (best < 0 || Math.Abs(times[k] - target) < Math.Abs(times[best] - target))
                {
                    best = k;
                }
            }

            if (best > 0)
            {
                starts.Add(best);
            }
        }

        var clean = timeline.CleanKeyframes is { } known ? new HashSet<int>(known) : [];
        var segments = new List<VideoSegment>();
        for (var s = 0; s < starts.Count; s++)
        {
            var first = starts[s];
            var next = s + 1 < starts.Count ? starts[s + 1] : times.Count;
            segments.Add(new VideoSegment(
                s,
                first,
                next - first,
                times[first],
                next < times.Count ? times[next] : timeline.End,
                first == 0 ? null : Midpoint(times, first),
                next < times.Count ? Midpoint(times, next) : null,
                first > 0 && first + 1 < times.Count && clean.Contains(first) ? Midpoint(times, first + 1) : null));
        }

        return new SegmentPlan(timeline, segments);
    }

    /// <summary>How many segments of about <paramref name="segmentSeconds"/> a video of this length is cut into.</summary>
    public static int CountFor(double durationSeconds, double segmentSeconds) =>
        Math.Max(1, (int)Math.Round(durationSeconds / segmentSeconds, MidpointRounding.AwayFromZero));

    private static double Midpoint(IReadOnlyList<double> times, int frame) => (times[frame - 1] + times[frame]) / 2;
}
