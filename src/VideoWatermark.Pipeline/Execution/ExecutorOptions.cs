namespace VideoWatermark.Pipeline.Execution;

public sealed class ExecutorOptions
{
    /// <summary>How often a run writes progress and heartbeat to its job, and looks for a cancel request.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Each run gets its own folder below this one, removed when the run ends.</summary>
    public string WorkRoot { get; set; } = Path.Combine(Path.GetTempPath(), "videowatermark-work");

    /// <summary>
    /// Output size assumed per input byte when checking free space: a re-encode at the default quality is usually
    /// smaller than a camera original, but a heavily compressed upload can grow.
    /// </summary>
    public double ExpectedOutputRatio { get; set; } = 1.5;

    /// <summary>Kept free on top of the estimate, for ffmpeg's log, the watermark and the file system itself.</summary>
    public long ReserveBytes { get; set; } = 64L * 1024 * 1024;
}
