namespace VideoWatermark.Engine.Segments;

/// <summary>A video watermarked in segments and joined.</summary>
/// <param name="Frames">Frames in the output (checked equal to the source's).</param>
/// <param name="Duration">Seconds from the output's first frame to the end of its last.</param>
/// <param name="EncodeTime">Wall time of the segments' encodes, from the first start to the last end.</param>
/// <param name="JoinTime">Wall time of the join and its check.</param>
public sealed record SegmentedResult(
    string OutputPath,
    long OutputSize,
    TimeSpan Elapsed,
    string LogPath,
    int Frames,
    double Duration,
    IReadOnlyList<SegmentReport> Segments,
    TimeSpan EncodeTime,
    TimeSpan JoinTime);

/// <summary>How one segment went: its frames, its time span in the source, its encode time and attempts, its log.</summary>
public sealed record SegmentReport(int Index, int FirstFrame, int Frames, double Start, double End, TimeSpan Elapsed, int Attempts, string LogPath);
