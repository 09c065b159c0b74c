using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoWatermark.Engine;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Launch;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// Runs queued jobs in this process with the worker's own code (<see cref="JobExecutor"/>), a few at a time. On
/// shutdown the running jobs are put back in the queue of job records, to be picked up by the next start.
/// </summary>
public sealed class LocalWorkerPool(
    LocalJobQueue queue,
    JobExecutor executor,
    WorkerSlots slots,
    IOptions<EngineOptions> engine,
    ILogger<LocalWorkerPool> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Local worker pool: {Workers} workers, {Encodes} encode(s) at once", slots.Count, engine.Value.MaxParallelEncodes);
        return Task.WhenAll(Enumerable.Range(1, slots.Count).Select(number => Task.Run(() => WorkAsync(number, stoppingToken), CancellationToken.None)));
    }

    /// <param name="number">The worker's number in <see cref="WorkerSlots"/>, from 1.</param>
    private async Task WorkAsync(int number, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
            {
                var (jobId, segment) = item;
                slots.Take(number, item);

                // The run opens its own scope; this one covers only the pool's own lines, so none shows the job twice.
                try
                {
                    var result = segment is { } index
                        ? await executor.RunSegmentAsync(jobId, index, LocalTaskLauncher.TaskId, stoppingToken)
                        : await executor.RunAsync(jobId, LocalTaskLauncher.TaskId, stoppingToken);
                    using var scope = JobLogScope.Begin(logger, jobId);
                    logger.LogInformation("{Outcome}. {Reason}", result.Outcome, result.Reason);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The job record could not even be claimed or finished; the lease monitor will find it.
                    using var scope = JobLogScope.Begin(logger, jobId);
                    logger.LogError(ex, "The local worker could not run the job");
                }
                finally
                {
                    slots.Release(number);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
