using System.Globalization;

namespace VideoWatermark.Engine.Segments;

/// <summary>
/// Holds a joined output to the source, frame by frame, before it is delivered: the same number of frames, each at
/// its source time (within half the shortest frame interval, what the containers' time bases can round), times
/// strictly increasing, hence no frame lost, doubled or moved at a join and the same duration.
/// </summary>
internal static class JoinCheck
{
    /// <summary>Null when the output is frame-exact, else one line saying where it is not.</summary>
    public static string? Problem(FrameTimeline source, FrameTimeline joined)
    {
        FormattableString? problem = null;
        if (joined.FrameCount != source.FrameCount)
        {
            problem = $"the joined output has {joined.FrameCount} frames where the source has {source.FrameCount}";
        }
        else
        {
            var tolerance = Math.Max(0.0005, source.ShortestInterval() / 2);
            for (var i = 0; i < source.FrameCount && problem is null; i++)
            {
                if (i > 0 && joined.Times[i] <= joined.Times[i - 1])
                {
                    problem = $"frame {i} of the joined output is not later than frame {i - 1} ({joined.Times[i]:0.######} s)";
                }
                else if (Math.Abs(joined.Times[i] - source.Times[i]) > tolerance)
                {
                    problem = $"frame {i} of the joined output is at {joined.Times[i]:0.######} s where the source has it at {source.Times[i]:0.######} s";
                }
            }
        }

        return problem?.ToString(CultureInfo.InvariantCulture);
    }
}
