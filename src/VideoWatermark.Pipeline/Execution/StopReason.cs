namespace VideoWatermark.Pipeline.Execution;

/// <summary>Why the heartbeat stopped a run before the engine finished.</summary>
internal enum StopReason
{
    None,

    /// <summary>The job record asks for it (<c>CancelRequested</c>).</summary>
    CancelRequested,

    /// <summary>The job no longer belongs to this attempt: the lease monitor gave it to another run, or it was removed.</summary>
    Superseded,
}
