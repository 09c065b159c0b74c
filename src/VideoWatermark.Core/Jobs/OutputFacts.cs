namespace VideoWatermark.Core.Jobs;

/// <summary>What the delivered output is, as probed by the worker once after the encode: the job page shows it.</summary>
/// <param name="VideoCodec">ffprobe's codec name ("h264").</param>
/// <param name="AudioCodec">ffprobe's codec name ("aac"); null for a video without sound.</param>
/// <param name="Width">The picture as it is shown (rotation applied).</param>
/// <param name="BitRate">The whole file's bits per second.</param>
public sealed record OutputFacts(string VideoCodec, string? AudioCodec, int Width, int Height, double DurationSeconds, long BitRate);
