namespace VideoWatermark.Core.Dispatch;

public enum DispatchOutcome
{
    /// <summary>A worker was started for the job.</summary>
    Launched,

    /// <summary>The same object version was seen before: nothing new was started.</summary>
    Duplicate,

    /// <summary>Not a trigger (outside the prefix, not a video, an output, a test event).</summary>
    Ignored,

    /// <summary>The job was created but its worker could not be started; the job says why.</summary>
    Failed,

    /// <summary>No capacity to start a worker now: the job stays queued and the sweep launches it later.</summary>
    Postponed,
}

public sealed record DispatchResult(DispatchOutcome Outcome, string? JobId, string Detail);
