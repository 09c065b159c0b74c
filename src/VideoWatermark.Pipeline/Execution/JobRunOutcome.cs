namespace VideoWatermark.Pipeline.Execution;

public enum JobRunOutcome
{
    Succeeded,

    /// <summary>The attempt failed; the job records why and can be retried.</summary>
    Failed,

    /// <summary>The video or the watermark cannot be used; retrying will not help.</summary>
    Rejected,

    /// <summary>Someone asked for the job to stop.</summary>
    Cancelled,

    /// <summary>The worker was stopped (shutdown, ECS stop); the job is queued again for another attempt.</summary>
    Interrupted,

    /// <summary>The video was cut into segments; their own workers encode them and the last one joins them.</summary>
    Split,

    /// <summary>Nothing to do: the job is missing, finished, or another worker holds it.</summary>
    Skipped,
}

/// <param name="Reason">What happened, one line, for logs and the worker's exit message.</param>
public sealed record JobRunResult(JobRunOutcome Outcome, string JobId, string Reason);
