namespace VideoWatermark.Core.Jobs;

/// <summary>Every way a job's state can move; <see cref="JobLifecycle"/> says from where and to what.</summary>
public enum JobTransition
{
    /// <summary>Pending → Queued: the announced upload landed; its first attempt waits for a worker.</summary>
    Land,

    /// <summary>Queued → Queued: a worker was asked for; its task id is recorded.</summary>
    Launch,

    /// <summary>Queued → Running: a worker claimed the current attempt.</summary>
    Start,

    /// <summary>Running → Running: the worker is alive, with its progress.</summary>
    Beat,

    /// <summary>Running → Running: someone asked the worker to stop; it ends the run as cancelled.</summary>
    RequestCancel,

    /// <summary>Running → Succeeded: the output is uploaded and verified.</summary>
    Succeed,

    /// <summary>Queued or Running → Failed: the run failed, no worker could be started, or the attempts ran out.</summary>
    Fail,

    /// <summary>Pending, Queued or Running → Cancelled.</summary>
    Cancel,

    /// <summary>
    /// Queued or Running → Queued: the attempt is spent (the worker was stopped, went silent or never started) and the
    /// next one waits for a worker. A cancel request survives it, so the next claim ends the job instead.
    /// </summary>
    Requeue,

    /// <summary>Failed or Cancelled → Queued: run again on request, as a new attempt.</summary>
    Retry,

    /// <summary>
    /// Running → Running: the run cut the video into segments (<see cref="JobSegment"/>), each with its own worker,
    /// state and attempts; the job waits for them, and whoever finishes the last one joins them.
    /// </summary>
    Split,

    /// <summary>Running → Running: every segment is done and a worker took the join (stream copy, the source's audio, upload).</summary>
    Join,

    /// <summary>
    /// Cancelled → Pending: the owner uploads the same file again after its upload was given up, so the job whose
    /// video never arrived waits for it once more instead of leaving a dead twin in the list.
    /// </summary>
    Reannounce,
}
