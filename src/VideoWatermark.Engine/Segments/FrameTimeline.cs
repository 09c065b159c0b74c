namespace VideoWatermark.Engine.Segments;

/// <summary>
/// A video stream's frames as its packets tell them, without decoding: every frame's time in presentation order, in
/// seconds from the file's start (as a single pass's filters see it), and which frames are keyframes (where a segment
/// may start).
/// </summary>
/// <param name="Times">Every frame's time, ascending.</param>
/// <param name="Keyframes">Indexes into <paramref name="Times"/> of the keyframes, ascending.</param>
/// <param name="CleanKeyframes">
/// The keyframes no later-stored frame shows before (no leading pictures of an open group), ascending; null when not
/// known. A segment that starts on one can seek straight to it; from any other keyframe its decode must start a group
/// earlier, or those leading frames would decode without their references.
/// </param>
public sealed record FrameTimeline(IReadOnlyList<double> Times, IReadOnlyList<int> Keyframes, IReadOnlyList<int>? CleanKeyframes = null)
{
    public int FrameCount => Times.Count;

    /// <summary>The first frame's time.</summary>
    public double Start => Times.Count == 0 ? 0 : Times[0];

    /// <summary>How long the last frame shows: taken as the interval before it, which is what a player assumes.</summary>
    public double LastFrameDuration => Times.Count < 2 ? 0 : Times[^1] - Times[^2];

    /// <summary>When the last frame stops showing.</summary>
    public double End => Times.Count == 0 ? 0 : Times[^1] + LastFrameDuration;

    public double Duration => End - Start;

    /// <summary>The shortest interval between two frames: how close two frames' times can be told apart.</summary>
    public double ShortestInterval()
    {
        var shortest = double.MaxValue;
        for (var i = 1; i < Times.Count; i++)
        {
            var interval = Times[i] - Times[i - 1];
            if (interval > 0 && interval < shortest)
            {
                shortest = interval;
            }
        }

        return shortest == double.MaxValue ? 0 : shortest;
    }
}
