namespace VideoWatermark.Core.Dispatch;

public sealed class DispatchOptions
{
    /// <summary>Where outputs go; the bucket root by default, as in the original.</summary>
    public string OutputPrefix { get; set; } = "";

    /// <summary>The watermark for videos dropped into the bucket without the portal.</summary>
    public string DefaultWatermarkKey { get; set; } = ObjectKeys.DefaultWatermarkKey;

    /// <summary>How long a running job may go without a heartbeat before it counts as lost.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long a queued job may wait for its worker to start before it counts as lost.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Runs per job, the first included, before a lost job is failed for good.</summary>
    public int MaxAttempts { get; set; } = 3;
}
