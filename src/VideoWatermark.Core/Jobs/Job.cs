using System.Text.Json.Serialization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Jobs;

/// <summary>
/// One video's trip through the pipeline, stored as JSON under <c>jobs/</c> in the bucket: the Lambda, the worker and
/// the portal share it with no other database.
/// </summary>
public sealed partial record Job
{
    public required string Id { get; init; }

    public JobState State { get; init; } = JobState.Pending;

    public WatermarkSpec Watermark { get; init; } = new();

    /// <summary>
    /// The template the job renders instead of <see cref="Watermark"/>, fixed when the job was created (its version
    /// and variables), so editing the template later changes no queued job and a retry renders the same.
    /// </summary>
    public JobTemplate? Template { get; init; }

    public required string InputKey { get; init; }

    /// <summary>
    /// The batch (<see cref="Batches.Batch"/>) this job makes one recipient's copy for; null for a job not in a batch.
    /// Every job of a batch reads the same <see cref="InputKey"/>.
    /// </summary>
    public string? BatchId { get; init; }

    public required string OutputKey { get; init; }

    /// <summary>The name the user knows the video by.</summary>
    public string FileName { get; init; } = "";

    /// <summary>Runs started so far, the current one included.</summary>
    public int Attempts { get; init; }

    /// <summary>0..100 while running.</summary>
    public double Progress { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Written by the running worker every few seconds; a stale heartbeat means the worker is gone.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>Why the job failed, in words a person can act on.</summary>
    public string? Error { get; init; }

    public long? InputSize { get; init; }

    public long? OutputSize { get; init; }

    /// <summary>Seconds of video the run watermarked (the input's duration), recorded when it succeeds; null for older records.</summary>
    public double? VideoSeconds { get; init; }

    /// <summary>Lower-case hex SHA-256 of the uploaded output, verified after upload.</summary>
    public string? OutputSha256 { get; init; }

    /// <summary>The object version or event sequencer that created the job (idempotency).</summary>
    public string? SourceVersion { get; init; }

    /// <summary>Where the worker's task runs: an ECS task ARN or "local".</summary>
    public string? TaskId { get; init; }

    /// <summary>The ffmpeg log of the latest run.</summary>
    public string? LogKey { get; init; }

    /// <summary>Who created it: a user name from the portal, or "drop" for a video dropped into the bucket by any S3 client.</summary>
    public string? Owner { get; init; }

    /// <summary>Set when someone asked for the job to stop; the worker checks it with each heartbeat.</summary>
    public bool CancelRequested { get; init; }

    /// <summary>
    /// The job failed because of its input (a broken video, an unusable watermark): running it again cannot help,
    /// only a new file can. A transient failure (a lost worker, the store away) leaves it false.
    /// </summary>
    public bool PermanentFailure { get; init; }

    /// <summary>
    /// Set once a run cut the video into this many segments (<see cref="JobSegment"/>, one record each under
    /// <c>jobs/&lt;id&gt;/segments/</c>): the job is then a parent whose work its segments' workers do. Null for a job
    /// encoded in one piece.
    /// </summary>
    public int? Segments { get; init; }

    /// <summary>When the video was cut into segments; every segment's template tokens ({date}) use this time.</summary>
    public DateTimeOffset? SplitAt { get; init; }

    /// <summary>When a worker took the join of a split job's segments; null while the segments are still running.</summary>
    public DateTimeOffset? JoinStartedAt { get; init; }

    /// <summary>When this attempt's encode began (its download ended); null until then and in records older than it.</summary>
    public DateTimeOffset? EncodeStartedAt { get; init; }

    /// <summary>When this attempt began hashing and uploading its output (the encode or the join ended).</summary>
    public DateTimeOffset? UploadStartedAt { get; init; }

    /// <summary>
    /// A recipient batch's copy that was encoded once: it re-encoded only its personal pieces and took the rest from
    /// the batch's shared pieces by stream copy. False for a full encode (and in older records).
    /// </summary>
    public bool EncodedOnce { get; init; }

    /// <summary>The delivered output's codecs, picture, length and bit rate; null before it succeeds and in older records.</summary>
    public OutputFacts? Output { get; init; }

    /// <summary>A parent whose segments do the work.</summary>
    [JsonIgnore]
    public bool IsSplit => Segments is > 0;

    /// <summary>
    /// Running as a split job whose segments are still encoding: no worker holds the record itself (each segment's
    /// worker heartbeats its own), so its liveness is its segments'.
    /// </summary>
    [JsonIgnore]
    public bool AwaitsSegments => State == JobState.Running && IsSplit && JoinStartedAt is null;

    /// <summary>
    /// Whether a new job may be made from this one's video with other settings (<see cref="RunAgain"/>): it finished and
    /// its video arrived and was not found broken. Whether the video is still stored only the store can say.
    /// </summary>
    [JsonIgnore]
    public bool CanRunAgain => State.IsFinal() && VideoArrived && !PermanentFailure;

    /// <summary>Whether Retry can help: a failed or cancelled job whose video arrived and whose failure was not its input's.</summary>
    [JsonIgnore]
    public bool Retryable => State is JobState.Failed or JobState.Cancelled && !PermanentFailure && VideoArrived;

    /// <summary>
    /// The moment a run draws this job's template tokens (<c>{date}</c>) as of. A batch's copy: the batch's creation (its
    /// jobs are created with it), so every copy, however it is encoded, and every retry agree. A split job: its split,
    /// so the segments agree across the joins. Otherwise <paramref name="now"/>.
    /// </summary>
    public DateTimeOffset TokenTime(DateTimeOffset now) => BatchId is not null ? CreatedAt : SplitAt ?? now;
}
