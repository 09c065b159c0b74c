namespace VideoWatermark.Core.Jobs;

public enum JobState
{
    /// <summary>The portal announced an upload; the video has not landed yet.</summary>
    Pending,

    /// <summary>The video landed and a worker was asked for.</summary>
    Queued,

    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public static class JobStates
{
    public static bool IsFinal(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>The state as job records and messages spell it ("succeeded").</summary>
    public static string Name(JobState state) => state.ToString().ToLowerInvariant();
}
