using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// Removes a recipient batch's shared work (the plan, the shared pieces' claims and files below
/// <see cref="ObjectKeys.SharedWorkOf"/>) once every job of the batch has ended, however the last one ended: a worker's
/// delivery, a user's cancel of a copy still waiting, a sweep's fail. An end whose process died before this ran is
/// caught up by the next sweep. A later Retry of a copy plans and encodes them again. The original is never touched.
/// </summary>
public sealed class SharedWorkCleanup(IObjectStore store, TimeProvider time, ILogger<SharedWorkCleanup> logger) : IJobEndObserver
{
    /// <summary>How far back a sweep looks for batches whose last end left their shared work behind.</summary>
    public static readonly TimeSpan CatchUpFor = TimeSpan.FromHours(1);

    public Task EndedAsync(Job job, JobStore jobs, CancellationToken cancellationToken) =>
        job.BatchId is { } batchId ? RemoveIfEndedAsync(batchId, jobs, cancellationToken) : Task.CompletedTask;

    public DateTimeOffset? CatchUpSince(DateTimeOffset now) => now - CatchUpFor;

    /// <summary>Each batch the sweep saw a job of end, with none of its listed jobs still going.</summary>
    public async Task CatchUpAsync(IReadOnlyList<Job> jobs, JobStore store, CancellationToken cancellationToken)
    {
        var going = jobs.Where(j => j.BatchId is not null && !j.State.IsFinal()).Select(j => j.BatchId!).ToHashSet(StringComparer.Ordinal);
        var ended = jobs.Where(j => j.BatchId is not null && j.State.IsFinal() && !going.Contains(j.BatchId)).Select(j => j.BatchId!).Distinct(StringComparer.Ordinal);
        foreach (var batchId in ended)
        {
            await RemoveIfEndedAsync(batchId, store, cancellationToken);
        }
    }

    /// <summary>One listing when there is nothing to remove (the usual case); the batch and its jobs are read only when there is.</summary>
    private async Task RemoveIfEndedAsync(string batchId, JobStore jobs, CancellationToken cancellationToken)
    {
        try
        {
            var any = false;
            await foreach (var _ in store.ListAsync(ObjectKeys.SharedWorkOf(batchId), cancellationToken))
            {
                any = true;
                break;
            }

            if (!any || await new BatchStore(store, time).GetAsync(batchId, cancellationToken) is not { } batch)
            {
                return;
            }

            // The last rows are launched last and so end last, mostly: looking from the end finds a running one soonest.
            foreach (var recipient in batch.Recipients.Reverse())
            {
                if (await jobs.GetAsync(recipient.JobId, cancellationToken) is { } other && !other.State.IsFinal())
                {
                    return;
                }
            }

            var removed = await new SharedPieceStore(store).DeleteAllAsync(batchId, cancellationToken);
            logger.LogInformation("Batch {BatchId} has ended; removed its {Count} shared-work objects", batchId, removed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not remove the shared work of batch {BatchId}; the next sweep tries again", batchId);
        }
    }
}
