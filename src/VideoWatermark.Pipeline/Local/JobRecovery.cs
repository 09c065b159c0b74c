using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Dispatch;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Launch;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// On start, picks up what the last process left: queued jobs are queued again, running ones (their worker died with
/// that process) count as a spent attempt and run again or fail past the limit, and announced uploads that landed but
/// were never dispatched are dispatched now. The dead runs' work folders are removed.
/// </summary>
public sealed class JobRecovery(
    JobStore jobs,
    LocalTaskLauncher launcher,
    LandedUploads landed,
    DispatchService dispatch,
    DispatchOptions dispatchOptions,
    ExecutorOptions executorOptions,
    TimeProvider time,
    ILogger<JobRecovery> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var resumed = 0;
        await foreach (var job in jobs.ListAsync(cancellationToken))
        {
            if (job.AwaitsSegments)
            {
                // A split job: its segments' workers died with that process; those segments run again, the finished
                // ones are kept, and when all are done the join runs.
                resumed += (await dispatch.SuperviseSegmentsAsync(job, time.GetUtcNow(), workersGone: true, cancellationToken)).Count;
                continue;
            }

            var next = job.State switch
            {
                JobState.Queued => job,
                JobState.Running => await RequeueDeadRunAsync(job, cancellationToken),
                _ => null,
            };

            if (next is { State: JobState.Queued })
            {
                await launcher.LaunchAsync(next, cancellationToken);
                resumed++;
            }
        }

        resumed += await landed.DispatchAsync(cancellationToken);
        if (WorkFolder.DeleteLeftovers(executorOptions.WorkRoot) is > 0 and var deleted)
        {
            logger.LogInformation("Removed {Count} work folders left by the previous run", deleted);
        }

        if (resumed > 0)
        {
            logger.LogInformation("Resumed {Count} jobs left by the previous run", resumed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<Job?> RequeueDeadRunAsync(Job job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var updated = await jobs.UpdateAsync(job.Id, current =>
        {
            if (current.State != JobState.Running)
            {
                return current;
            }

            return current.Attempts >= dispatchOptions.MaxAttempts
                ? current.Fail($"The worker stopped when the application did. Gave up after {current.Attempts} attempts.", now)
                : current.Requeue();
        }, cancellationToken);
        logger.LogWarning("Job {JobId} was running when the application stopped: now {State}", job.Id, updated?.State);
        return updated;
    }
}
