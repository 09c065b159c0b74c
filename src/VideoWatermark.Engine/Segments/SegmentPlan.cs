namespace VideoWatermark.Engine.Segments;

/// <summary>How a video is cut: its frames and the segments, in order, which together hold every frame once.</summary>
public sealed record SegmentPlan(FrameTimeline Timeline, IReadOnlyList<VideoSegment> Segments);

/// <summary>
/// One segment: <paramref name="FrameCount"/> frames from frame <paramref name="FirstFrame"/>, a keyframe, shown from
/// <paramref name="Start"/> until <paramref name="End"/> (the next segment's first frame, or the video's end), in
/// seconds from the file's start.
/// </summary>
/// <param name="CutFrom">Halfway between the frame before and the first frame; null for the first segment.</param>
/// <param name="CutTo">Halfway between the last frame and the next segment's first; null for the last segment.</param>
/// <param name="SeekTo">
/// Where the encode seeks to: halfway between the first frame and the one after it when the first frame is a clean
/// keyframe (<see cref="FrameTimeline.CleanKeyframes"/>), so the decode starts on it; null to seek to
/// <paramref name="CutFrom"/>, which starts the decode on the keyframe before.
/// </param>
public sealed record VideoSegment(int Index, int FirstFrame, int FrameCount, double Start, double End, double? CutFrom, double? CutTo, double? SeekTo = null)
{
    public double Duration => End - Start;
}
