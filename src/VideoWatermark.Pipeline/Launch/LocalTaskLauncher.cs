using System.Collections.Concurrent;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Local;

namespace VideoWatermark.Pipeline.Launch;

/// <summary>Starts a job on this machine: hands it to the local worker pool.</summary>
public sealed class LocalTaskLauncher(LocalJobQueue queue) : ITaskLauncher
{
    public const string TaskId = "local";

    // The launch contract is idempotent per attempt; a retried dispatch must not queue the same attempt twice.
    private readonly ConcurrentDictionary<(string JobId, int Attempt), byte> launched = new();

    public Task<string> LaunchAsync(Job job, CancellationToken cancellationToken = default)
    {
        if (launched.TryAdd((job.Id, job.Attempts), 0))
        {
            queue.Enqueue(job.Id);
        }

        return Task.FromResult(TaskId);
    }
}
