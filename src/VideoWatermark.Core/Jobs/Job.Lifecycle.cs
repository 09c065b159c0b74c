using System.Text.Json.Serialization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Jobs;

/// <summary>
/// How a job comes to be and every move it makes afterwards. Each transition owns the fields it changes and refuses
/// a state it does not start from (<see cref="JobLifecycle"/>), so the rest of the system never edits a state itself.
/// </summary>
public sealed partial record Job
{
    /// <summary>A job the portal announced: the video is still on its way.</summary>
    public static Job Announce(string id, string inputKey, string outputKey, WatermarkSpec watermark, long inputSize, string owner) => new()
    {
        Id = id,
        State = JobState.Pending,
        InputKey = inputKey,
        OutputKey = outputKey,
        FileName = ObjectKeys.FileName(inputKey),
        Watermark = watermark,
        InputSize = inputSize,
        Owner = owner,
    };

    /// <summary>A job for a video that is in the bucket already (a drop-in, a worker started by hand): its first attempt waits for a worker.</summary>
    public static Job Queue(string id, string inputKey, string outputKey, WatermarkSpec watermark, long inputSize, string? sourceVersion, string owner) =>
        Announce(id, inputKey, outputKey, watermark, inputSize, owner) with { State = JobState.Queued, SourceVersion = sourceVersion, Attempts = 1 };

    public bool Can(JobTransition transition) => JobLifecycle.Allows(State, transition);

    /// <summary>
    /// The video reached the store at least once: every landing counts an attempt and records the object's version,
    /// while a job announced by the portal starts with neither. Without its video a job has nothing to run again.
    /// </summary>
    [JsonIgnore]
    public bool VideoArrived => Attempts > 0 || SourceVersion is not null;

    /// <summary>
    /// The same upload announced again after it was given up (<see cref="JobTransition.Reannounce"/>): the job waits for
    /// its video with the new watermark choice. Its creation time moves to <paramref name="now"/>, so the list shows it
    /// as the new upload it is and the abandoned-upload sweep gives it the full time again.
    /// </summary>
    public Job Reannounce(WatermarkSpec watermark, long inputSize, DateTimeOffset now) => JobLifecycle.Apply(this, JobTransition.Reannounce, j => j.VideoArrived
        ? throw new InvalidOperationException($"Job {j.Id} had its video already; run it again with Retry instead.")
        : j with
        {
            Watermark = watermark,
            InputSize = inputSize,
            CreatedAt = now,
            CancelRequested = false,
            Error = null,
            FinishedAt = null,
            Progress = 0,
            PermanentFailure = false,
        });

    /// <summary>True while attempt <paramref name="attempt"/> is the one running: only that run may write its progress and result.</summary>
    public bool IsRunningAttempt(int attempt) => State == JobState.Running && Attempts == attempt;

    /// <param name="version">What identifies the landed object version (<see cref="Storage.ObjectCreated.Version"/>).</param>
    public Job Land(long size, string? version) => JobLifecycle.Apply(this, JobTransition.Land, j => j with
    {
        InputSize = size,
        SourceVersion = version,
        Attempts = j.Attempts + 1,
    });

    public Job Launch(string taskId) => JobLifecycle.Apply(this, JobTransition.Launch, j => j with { TaskId = taskId });

    /// <param name="taskId">The worker's task, when it knows it; else the one the launch recorded stays.</param>
    public Job Start(string? taskId, DateTimeOffset now) => JobLifecycle.Apply(this, JobTransition.Start, j => j with
    {
        StartedAt = now,
        HeartbeatAt = now,
        FinishedAt = null,
        Progress = 0,
        Error = null,
        TaskId = taskId ?? j.TaskId,
        OutputSize = null,
        OutputSha256 = null,
        Output = null,
        EncodeStartedAt = null,
        UploadStartedAt = null,
    });

    public Job Beat(double progress, DateTimeOffset now) =>
        JobLifecycle.Apply(this, JobTransition.Beat, j => j with { HeartbeatAt = now, Progress = progress });

    /// <summary>
    /// The running attempt reached <paramref name="phase"/> (<see cref="JobPhase.Encoding"/> or
    /// <see cref="JobPhase.Uploading"/>) at <paramref name="at"/>; the worker records it with its next write of the job
    /// (a heartbeat or its result), so phases cost no writes of their own. The first time recorded stays.
    /// </summary>
    public Job Reach(JobPhase phase, DateTimeOffset at) => JobLifecycle.Apply(this, JobTransition.Beat, j => phase switch
    {
        JobPhase.Encoding => j with { EncodeStartedAt = j.EncodeStartedAt ?? at },
        JobPhase.Uploading => j with { UploadStartedAt = j.UploadStartedAt ?? at },
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "A worker records only when it starts encoding or uploading; the other phases have their own transitions."),
    });

    /// <summary>
    /// How long each phase took, as far as the record knows: a phase shows once both its ends are recorded, so a
    /// record older than the phase times shows only its waiting, and a running job only the phases it has finished.
    /// A split job encodes from its cut (<see cref="SplitAt"/>) to its join.
    /// </summary>
    public IReadOnlyList<JobPhaseSpan> Phases()
    {
        var spans = new List<JobPhaseSpan>();
        void Add(JobPhase phase, DateTimeOffset? from, DateTimeOffset? to)
        {
            if (from is { } f && to is { } t && t >= f && f != default)
            {
                spans.Add(new JobPhaseSpan(phase, t - f));
            }
        }

        var finished = State == JobState.Succeeded ? FinishedAt : null;
        Add(JobPhase.Waiting, CreatedAt, StartedAt);
        if (IsSplit)
        {
            Add(JobPhase.Downloading, StartedAt, SplitAt);
            Add(JobPhase.Encoding, SplitAt, JoinStartedAt);
            Add(JobPhase.Joining, JoinStartedAt, UploadStartedAt);
        }
        else
        {
            Add(JobPhase.Downloading, StartedAt, EncodeStartedAt);
            Add(JobPhase.Encoding, EncodeStartedAt, UploadStartedAt);
        }

        Add(JobPhase.Uploading, UploadStartedAt, finished);
        return spans;
    }

    /// <summary>
    /// A new job made from this one's video with another watermark or template: no upload, the same stored original
    /// (only ever read), its own output key; it waits for a worker as its first attempt.
    /// </summary>
    /// <param name="outputKey">The new job's own output, never this one's (which it must not replace).</param>
    public Job RunAgain(string id, string outputKey, WatermarkSpec watermark, JobTemplate? template, string owner, DateTimeOffset now)
    {
        if (!CanRunAgain)
        {
            throw new InvalidOperationException(!State.IsFinal()
                ? $"Job {Id} is {JobStates.Name(State)}; only a finished job can run again."
                : $"Job {Id} has no usable video to run again.");
        }

        if (outputKey == OutputKey || outputKey == InputKey)
        {
            throw new ArgumentException($"A job run again needs its own output, not '{outputKey}'.", nameof(outputKey));
        }

        return Queue(id, InputKey, outputKey, watermark, InputSize ?? 0, SourceVersion, owner) with
        {
            FileName = FileName,
            Template = template,
            CreatedAt = now,
        };
    }

    /// <param name="segments">How many segments the video was cut into; their records exist already.</param>
    /// <param name="progress">The segments' weighted progress so far (a resumed split job keeps what is done).</param>
    public Job Split(int segments, double progress, DateTimeOffset now) => JobLifecycle.Apply(this, JobTransition.Split, j => j with
    {
        Segments = segments,
        SplitAt = j.SplitAt ?? now,
        Progress = progress,
        HeartbeatAt = now,
        JoinStartedAt = null,
    });

    /// <summary>Every segment is done; the worker <paramref name="taskId"/> joins them and heartbeats the job from now on.</summary>
    public Job Join(string? taskId, DateTimeOffset now) => JobLifecycle.Apply(this, JobTransition.Join, j => j.AwaitsSegments
        ? j with { JoinStartedAt = now, HeartbeatAt = now, TaskId = taskId ?? j.TaskId, Progress = Math.Max(j.Progress, 99), UploadStartedAt = null }
        : throw new InvalidOperationException($"Job {j.Id} is not waiting for its segments; there is nothing to join."));

    /// <summary>
    /// A user's cancel: a job no worker holds stops now (not started yet, or split and waiting for its segments, whose
    /// workers see it with their next heartbeat); a running one is asked to stop and its worker ends it.
    /// </summary>
    public Job CancelByUser(DateTimeOffset now) => State == JobState.Running && !AwaitsSegments
        ? RequestCancel()
        : Cancel("Cancelled by a user.", now);

    public Job RequestCancel() => JobLifecycle.Apply(this, JobTransition.RequestCancel, j => j with { CancelRequested = true });

    /// <param name="videoSeconds">How many seconds of video the run watermarked, when known.</param>
    /// <param name="facts">What the output is, when the worker could probe it.</param>
    /// <param name="encodedOnce">A batch copy joined from its batch's shared pieces (<see cref="EncodedOnce"/>).</param>
    public Job Succeed(long outputSize, string outputSha256, DateTimeOffset now, double? videoSeconds = null, OutputFacts? facts = null, bool encodedOnce = false) => JobLifecycle.Apply(this, JobTransition.Succeed, j => j with
    {
        EncodedOnce = encodedOnce,
        Progress = 100,
        OutputSize = outputSize,
        Output = facts ?? j.Output,
        VideoSeconds = videoSeconds ?? j.VideoSeconds,
        OutputSha256 = outputSha256,
        FinishedAt = now,
        Error = null,
    });

    /// <param name="reason">Why, in words a person can act on.</param>
    /// <summary>Ends the job as failed; <paramref name="permanent"/> when the input itself is at fault, so Retry is refused.</summary>
    public Job Fail(string reason, DateTimeOffset now, bool permanent = false) =>
        JobLifecycle.Apply(this, JobTransition.Fail, j => j with { Error = reason, FinishedAt = now, PermanentFailure = permanent });

    /// <summary>Ends the job; a worker that still holds it sees the request with its next heartbeat.</summary>
    public Job Cancel(string reason, DateTimeOffset now) =>
        JobLifecycle.Apply(this, JobTransition.Cancel, j => j with { CancelRequested = true, Error = reason, FinishedAt = now });

    public Job Requeue() => JobLifecycle.Apply(this, JobTransition.Requeue, j => j.NextAttempt());

    public Job Retry() => JobLifecycle.Apply(this, JobTransition.Retry, j => j.NextAttempt() with { CancelRequested = false, FinishedAt = null });

    /// <summary>What a new attempt starts from: nothing of the last run's worker, progress or error.</summary>
    private Job NextAttempt() => this with
    {
        Attempts = Attempts + 1,
        TaskId = null,
        Progress = 0,
        StartedAt = null,
        HeartbeatAt = null,
        Error = null,
        PermanentFailure = false,
        JoinStartedAt = null,
        EncodeStartedAt = null,
        UploadStartedAt = null,
    };
}
