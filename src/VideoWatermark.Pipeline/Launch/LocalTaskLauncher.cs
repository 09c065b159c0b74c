using System.Collections.Concurrent;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Local;

namespace VideoWatermark.Pipeline.Launch;

/// <summary>Starts a job on this machine: records the launch, then hands the job to the local worker pool.</summary>
public sealed class LocalTaskLauncher(LocalJobQueue queue, JobStore jobs) : ITaskLauncher
{
    public const string TaskId = "local";

    // The launch contract is idempotent per attempt; a retried dispatch must not queue the same attempt twice.
    private readonly ConcurrentDictionary<(string JobId, int Attempt), byte> launched = new();
    private readonly ConcurrentDictionary<(string JobId, int Segment, int Attempt), byte> launchedSegments = new();

    public async Task<string> LaunchAsync(Job job, CancellationToken cancellationToken = default)
    {
        if (launched.ContainsKey((job.Id, job.Attempts)))
        {
            return TaskId;
        }

        // The launch is written before the pool can see the job. Written after, as the dispatcher does for remote
        // tasks, it can land on top of the worker's claim: a store that ignores If-Match (s3rver) then loses the
        // claim, and the job never shows as running or succeeded. Once recorded, the dispatcher's own write is a no-op.
        await jobs.UpdateAsync(job.Id, current => current is { State: JobState.Queued, TaskId: null } ? current.Launch(TaskId) : current, cancellationToken);

        if (launched.TryAdd((job.Id, job.Attempts), 0))
        {
            queue.Enqueue(job.Id);
        }

        return TaskId;
    }

    public async Task<string> LaunchSegmentAsync(Job job, JobSegment segment, CancellationToken cancellationToken = default)
    {
        if (launchedSegments.ContainsKey((job.Id, segment.Index, segment.Attempts)))
        {
            return TaskId;
        }

        // Recorded before the pool can see it, for the same reason as a job's launch.
        await jobs.UpdateSegmentAsync(job.Id, segment.Index, current =>
            current is { State: JobState.Queued, TaskId: null } && current.Attempts == segment.Attempts ? current.Launch(TaskId) : current, cancellationToken);

        if (launchedSegments.TryAdd((job.Id, segment.Index, segment.Attempts), 0))
        {
            queue.EnqueueSegment(job.Id, segment.Index);
        }

        return TaskId;
    }
}
