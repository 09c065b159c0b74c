using System.Text.Json.Serialization;

namespace VideoWatermark.Core.Jobs;

/// <summary>
/// One segment of a split job (<see cref="Job.Segments"/>): a run of frames that starts on a keyframe, encoded on its
/// own by its own worker, with its own state, attempts and heartbeat. Each segment has its own record
/// (<see cref="ObjectKeys.SegmentKey"/>), so workers of different segments never write the same object; its encoded
/// file goes to <see cref="ObjectKeys.SegmentFileKey"/> until the join has read it. It moves by the jobs' own
/// lifecycle table (<see cref="JobLifecycle"/>).
/// </summary>
public sealed record JobSegment
{
    public required string JobId { get; init; }

    /// <summary>0 for the first segment.</summary>
    public required int Index { get; init; }

    /// <summary>How many segments the job has.</summary>
    public int Count { get; init; }

    public JobState State { get; init; } = JobState.Queued;

    /// <summary>Runs started so far, the current one included.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>0..100 while running.</summary>
    public double Progress { get; init; }

    /// <summary>The first frame (in presentation order) and how many frames the segment holds.</summary>
    public int FirstFrame { get; init; }

    public int FrameCount { get; init; }

    /// <summary>When its first frame shows, and when the next segment's does (or the video ends), in seconds from the file's start.</summary>
    public double StartSeconds { get; init; }

    public double EndSeconds { get; init; }

    /// <summary>Where the encode cuts: halfway between two frames; null at the file's start or end.</summary>
    public double? CutFrom { get; init; }

    public double? CutTo { get; init; }

    /// <summary>Where the encode seeks: just past its first frame when that is a clean keyframe; null to seek to <see cref="CutFrom"/>.</summary>
    public double? SeekSeconds { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public DateTimeOffset? HeartbeatAt { get; init; }

    public string? TaskId { get; init; }

    public string? Error { get; init; }

    public bool PermanentFailure { get; init; }

    public long? OutputSize { get; init; }

    public string? OutputSha256 { get; init; }

    public string? LogKey { get; init; }

    [JsonIgnore]
    public double Duration => EndSeconds - StartSeconds;

    /// <summary>Where the encoded segment waits for the join.</summary>
    [JsonIgnore]
    public string FileKey => ObjectKeys.SegmentFileKey(JobId, Index);

    public bool Can(JobTransition transition) => JobLifecycle.Allows(State, transition);

    public bool IsRunningAttempt(int attempt) => State == JobState.Running && Attempts == attempt;

    public JobSegment Launch(string taskId) => JobLifecycle.Apply(this, JobTransition.Launch, s => s with { TaskId = taskId });

    public JobSegment Start(string? taskId, DateTimeOffset now) => JobLifecycle.Apply(this, JobTransition.Start, s => s with
    {
        StartedAt = now,
        HeartbeatAt = now,
        FinishedAt = null,
        Progress = 0,
        Error = null,
        TaskId = taskId ?? s.TaskId,
        OutputSize = null,
        OutputSha256 = null,
    });

    public JobSegment Beat(double progress, DateTimeOffset now) =>
        JobLifecycle.Apply(this, JobTransition.Beat, s => s with { HeartbeatAt = now, Progress = progress });

    public JobSegment Succeed(long outputSize, string outputSha256, DateTimeOffset now) => JobLifecycle.Apply(this, JobTransition.Succeed, s => s with
    {
        Progress = 100,
        OutputSize = outputSize,
        OutputSha256 = outputSha256,
        FinishedAt = now,
        Error = null,
    });

    public JobSegment Fail(string reason, DateTimeOffset now, bool permanent = false) =>
        JobLifecycle.Apply(this, JobTransition.Fail, s => s with { Error = reason, FinishedAt = now, PermanentFailure = permanent });

    public JobSegment Cancel(string reason, DateTimeOffset now) =>
        JobLifecycle.Apply(this, JobTransition.Cancel, s => s with { Error = reason, FinishedAt = now });

    /// <summary>The attempt is spent (its worker failed, died or was stopped); the next one waits for a worker.</summary>
    public JobSegment Requeue() => JobLifecycle.Apply(this, JobTransition.Requeue, s => s.NextAttempt());

    /// <summary>The job is run again (its Retry): a failed or cancelled segment runs again, a finished one is kept.</summary>
    public JobSegment Retry() => JobLifecycle.Apply(this, JobTransition.Retry, s => s.NextAttempt() with { FinishedAt = null });

    private JobSegment NextAttempt() => this with
    {
        Attempts = Attempts + 1,
        TaskId = null,
        Progress = 0,
        StartedAt = null,
        HeartbeatAt = null,
        Error = null,
        PermanentFailure = false,
    };

    /// <summary>
    /// One progress for the whole job: each segment's share weighted by its length, up to 99 while any is unfinished
    /// (the join is the rest).
    /// </summary>
    public static double WeightedProgress(IReadOnlyCollection<JobSegment> segments)
    {
        var total = segments.Sum(s => Math.Max(s.Duration, 0));
        if (segments.Count == 0 || total <= 0)
        {
            return 0;
        }

        var done = segments.Sum(s => Math.Max(s.Duration, 0) * (s.State == JobState.Succeeded ? 100 : Math.Clamp(s.Progress, 0, 100)));
        return Math.Round(Math.Min(99, done / total * 0.99), 1);
    }
}
