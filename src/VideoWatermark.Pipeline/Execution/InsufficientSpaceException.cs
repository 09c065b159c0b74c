namespace VideoWatermark.Pipeline.Execution;

/// <summary>The work folder cannot hold the video, the watermark and the expected output at once.</summary>
public sealed class InsufficientSpaceException(string reason) : Exception(reason);
