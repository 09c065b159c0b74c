using Microsoft.Extensions.Configuration;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Pipeline.Execution;

namespace VideoWatermark.Pipeline;

/// <summary>
/// <c>VideoWatermark:Pipeline</c>. The first six names are the agreed ones; the rest tune timings and default to values
/// that suit production (tests shorten them).
/// </summary>
public sealed class PipelineOptions
{
    public const string Section = "VideoWatermark:Pipeline";

    public PipelineKind Kind { get; set; } = PipelineKind.Local;

    /// <summary>
    /// Jobs the local pool runs at once; the engine's own encode gate limits ffmpeg further. Unset: one more than the
    /// engine's encodes, so the next job's copy-in and probe happen while the current one encodes and ffmpeg never
    /// waits for them.
    /// </summary>
    public int? Workers { get; set; }

    public string OutputPrefix { get; set; } = "";

    public string DefaultWatermark { get; set; } = ObjectKeys.DefaultWatermarkKey;

    public double LeaseMinutes { get; set; } = 3;

    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// A recipient batch's copies share the picture outside the personal layers' windows, encoded once (true, the
    /// default); false makes every copy a full encode (to compare, or to rule the encode-once path out).
    /// </summary>
    public bool EncodeOnce { get; set; } = true;

    /// <summary>How often a running job writes its progress and heartbeat (and notices a cancel request).</summary>
    public double HeartbeatSeconds { get; set; } = 3;

    /// <summary>How often the lease monitor looks for lost jobs.</summary>
    public double SweepSeconds { get; set; } = 30;

    /// <summary>
    /// How long a queued job may wait before it counts as lost. Unset for the local pool: its queue lives in this
    /// process, so a queued job is only lost when the process dies, and start-up recovery handles that.
    /// </summary>
    public double? StartTimeoutMinutes { get; set; }

    /// <summary>How long a file copied into the hot folder must keep its size and time before it counts as complete.</summary>
    public double HotFolderSettleSeconds { get; set; } = 3;

    /// <summary>How often the hot folder re-lists its folder, in case the file system watcher missed something.</summary>
    public double HotFolderScanSeconds { get; set; } = 30;

    /// <summary>Where runs keep their temporary files; the system temp folder when unset.</summary>
    public string? WorkDir { get; set; }

    /// <summary>Tries per store call while the store does not answer; waits start at StoreRetrySeconds and double up to StoreRetryMaxSeconds.</summary>
    public int StoreAttempts { get; set; } = 7;

    public double StoreRetrySeconds { get; set; } = 1;

    public double StoreRetryMaxSeconds { get; set; } = 20;

    /// <summary>
    /// Videos longer than this many seconds are split into segments of about <see cref="SegmentSeconds"/>, each its
    /// own unit of work (locally the pool's, on AWS a Fargate task each), joined at the end. Unset or 0: off, as suits
    /// one machine whose cores one encode already keeps busy; the worker container defaults it to
    /// <see cref="AwsSplitAboveSeconds"/>.
    /// </summary>
    public double? SplitAboveSeconds { get; set; }

    public double SegmentSeconds { get; set; } = 60;

    /// <summary>The split threshold of the worker container on AWS, where each segment gets a machine of its own.</summary>
    public const double AwsSplitAboveSeconds = 300;

    public int EffectiveWorkers(int parallelEncodes) => Workers is > 0 ? Workers.Value : parallelEncodes + 1;

    public static PipelineOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<PipelineOptions>() ?? new PipelineOptions();
        var problems = options.Problems();
        return problems.Count == 0
            ? options
            : throw new InvalidOperationException($"{Section} is not usable: {string.Join(" ", problems)}");
    }

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add("Kind must be Local or Aws.");
        }

        if (Workers is < 0)
        {
            problems.Add("Workers must be positive (or unset to size the pool for this machine).");
        }

        if (!(LeaseMinutes > 0))
        {
            problems.Add("LeaseMinutes must be positive.");
        }

        if (MaxAttempts < 1)
        {
            problems.Add("MaxAttempts must be at least 1.");
        }

        if (!(HeartbeatSeconds > 0) || HeartbeatSeconds * 2 >= LeaseMinutes * 60)
        {
            problems.Add("HeartbeatSeconds must be positive and well under the lease.");
        }

        if (StoreAttempts < 1 || !(StoreRetrySeconds > 0) || !(StoreRetryMaxSeconds >= StoreRetrySeconds))
        {
            problems.Add("StoreAttempts must be at least 1, StoreRetrySeconds positive and StoreRetryMaxSeconds no less than it.");
        }

        if (!(SweepSeconds > 0) || !(HotFolderSettleSeconds >= 0) || !(HotFolderScanSeconds > 0))
        {
            problems.Add("SweepSeconds, HotFolderSettleSeconds and HotFolderScanSeconds must be positive.");
        }

        if (SplitAboveSeconds is < 0 || !(SegmentSeconds > 0))
        {
            problems.Add("SplitAboveSeconds must not be negative (0 or unset: never split) and SegmentSeconds must be positive.");
        }

        try
        {
            ObjectKeys.NormalizeOutputPrefix(OutputPrefix);
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        if (!DefaultWatermark.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal))
        {
            problems.Add($"DefaultWatermark must be a key under {ObjectKeys.WatermarksPrefix}.");
        }

        return problems;
    }

    public DispatchOptions ToDispatchOptions() => new()
    {
        OutputPrefix = ObjectKeys.NormalizeOutputPrefix(OutputPrefix),
        DefaultWatermarkKey = DefaultWatermark,
        Lease = TimeSpan.FromMinutes(LeaseMinutes),
        MaxAttempts = MaxAttempts,
        StartTimeout = StartTimeoutMinutes is { } minutes ? TimeSpan.FromMinutes(minutes)
            : Kind == PipelineKind.Local ? TimeSpan.MaxValue : new DispatchOptions().StartTimeout,
    };

    /// <param name="store">What identifies the object store (the data folder's full path, or the bucket): runs of
    /// different stores on one machine get different work roots, because a starting local pool deletes its root's
    /// leftovers and must never touch another portal's running jobs.</param>
    public ExecutorOptions ToExecutorOptions(string? store = null) => new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(HeartbeatSeconds),
        WorkRoot = string.IsNullOrWhiteSpace(WorkDir) ? DefaultWorkRoot(store) : WorkDir,
        StoreAttempts = StoreAttempts,
        StoreRetryDelay = TimeSpan.FromSeconds(StoreRetrySeconds),
        StoreRetryMaxDelay = TimeSpan.FromSeconds(StoreRetryMaxSeconds),
        SplitAboveSeconds = SplitAboveSeconds is > 0 ? SplitAboveSeconds : null,
        SegmentSeconds = SegmentSeconds,
        MaxAttempts = MaxAttempts,
        Lease = TimeSpan.FromMinutes(LeaseMinutes),
        EncodeOnce = EncodeOnce,
    };

    private static string DefaultWorkRoot(string? store)
    {
        var root = Path.Combine(Path.GetTempPath(), "videowatermark-work");
        if (string.IsNullOrEmpty(store))
        {
            return root;
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(store));
        return Path.Combine(root, Convert.ToHexStringLower(hash)[..12]);
    }
}
