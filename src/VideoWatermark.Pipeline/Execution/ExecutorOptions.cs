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

    /// <summary>
    /// Tries in all for each download, upload (with its verification) and job-record write when the store does not
    /// answer. The AWS SDK's own few retries span well under a second; an object store restarting takes seconds.
    /// </summary>
    public int StoreAttempts { get; set; } = 7;

    /// <summary>The wait before the first retry; it doubles each time, with jitter, up to <see cref="StoreRetryMaxDelay"/>.</summary>
    public TimeSpan StoreRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan StoreRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a finished run keeps trying to record its result while the store is away. Past it the record still
    /// says Running, and the lease monitor (or the dispatcher's sweep) runs the job again once its heartbeat is stale.
    /// </summary>
    public TimeSpan FinishWriteTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Videos longer than this many seconds are cut into segments, each run by its own worker and joined at the end;
    /// null: every video is encoded in one piece.
    /// </summary>
    public double? SplitAboveSeconds { get; set; }

    /// <summary>About how long each segment of a split video is.</summary>
    public double SegmentSeconds { get; set; } = 60;

    /// <summary>
    /// The dispatcher's lease: a job silent this long has lost its worker. A copy worker waiting for a batch's shared
    /// piece takes the claim over when its holder is that silent.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Whether a recipient batch's copies are encoded once where the picture is the same; false: full encodes.</summary>
    public bool EncodeOnce { get; set; } = true;

    /// <summary>About how long each grid cell of a recipient batch's plan is: a personal window costs each copy its cells.</summary>
    public double RecipientGridSeconds { get; set; } = Engine.Recipients.RecipientPlanner.DefaultGridSeconds;

    /// <summary>Runs per segment, the first included, before a segment that keeps failing fails its job.</summary>
    public int MaxAttempts { get; set; } = 3;
}
