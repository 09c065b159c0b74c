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

    /// <summary>
    /// How long a queued job with no task (its launch postponed for capacity, or its dispatch cut short) waits before
    /// the sweep launches it: longer than a dispatch's own retries, so the sweep does not race them.
    /// </summary>
    public TimeSpan RelaunchAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs per job, the first included, before a lost job is failed for good.</summary>
    public int MaxAttempts { get; set; } = 3;
}
