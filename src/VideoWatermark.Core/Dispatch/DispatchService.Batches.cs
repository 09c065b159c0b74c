using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Dispatch;

/// <summary>A batch's upload landed: every recipient's job is queued and gets its own worker.</summary>
public sealed partial class DispatchService
{
    /// <summary>How many jobs of one batch are claimed or launched at once: a few hundred RunTask calls fit a Lambda's time.</summary>
    private const int BatchParallelism = 8;

    /// <summary>
    /// Queues every job of <paramref name="batch"/> still waiting for the landed <paramref name="created"/> and launches each,
    /// the way a single announced job is: each job is claimed (Pending to Queued) by one delivery only, so a duplicate
    /// event launches nothing new, and one claimed by a delivery that died before its launch is launched by the next.
    /// All are claimed before any is launched, so when capacity runs short the rest wait queued for the sweep. A job
    /// cancelled or deleted before the upload landed is passed over; the others start.
    /// </summary>
    private async Task<DispatchResult> QueueBatchAsync(Batch batch, ObjectCreated created, CancellationToken cancellationToken)
    {
        if (batch.InputKey != created.Key)
        {
            return new DispatchResult(DispatchOutcome.Ignored, null, $"Batch {batch.Id} does not wait for '{created.Key}'.");
        }

        var toLaunch = new ConcurrentBag<(int Row, Job Job)>();
        await Parallel.ForEachAsync(batch.Recipients, BatchParallel(cancellationToken), async (recipient, ct) =>
        {
            if (await ClaimAsync(recipient.JobId, created, ct) is { } job)
            {
                toLaunch.Add((recipient.Row, job));
            }
        });

        var outcomes = new ConcurrentBag<DispatchOutcome>();
        var capacityShort = false;
        await Parallel.ForEachAsync(toLaunch.OrderBy(c => c.Row).Select(c => c.Job), BatchParallel(cancellationToken), async (job, ct) =>
        {
            // After one postponement the rest would be refused too; they stay queued for the sweep.
            if (Volatile.Read(ref capacityShort))
            {
                outcomes.Add(DispatchOutcome.Postponed);
                return;
            }

            var result = await LaunchAsync(job, ct);
            if (result.Outcome == DispatchOutcome.Postponed)
            {
                Volatile.Write(ref capacityShort, true);
            }

            outcomes.Add(result.Outcome);
        });

        var launched = outcomes.Count(o => o == DispatchOutcome.Launched);
        var postponed = outcomes.Count(o => o == DispatchOutcome.Postponed);
        var failed = outcomes.Count(o => o == DispatchOutcome.Failed);
        var outcome = launched > 0 ? DispatchOutcome.Launched
            : postponed > 0 ? DispatchOutcome.Postponed
            : failed > 0 ? DispatchOutcome.Failed
            : DispatchOutcome.Duplicate;
        var detail = $"Batch {batch.Id}: {launched} of {batch.Recipients.Count} jobs launched"
            + (postponed > 0 ? $", {postponed} left queued for capacity" : "")
            + (failed > 0 ? $", {failed} could not be started" : "")
            + (toLaunch.IsEmpty ? "; every job was already dispatched." : ".");
        logger.LogInformation("{Detail}", detail);
        return new DispatchResult(outcome, toLaunch.OrderBy(c => c.Row).Select(c => c.Job.Id).FirstOrDefault(), detail);
    }

    private static ParallelOptions BatchParallel(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = BatchParallelism, CancellationToken = cancellationToken };
}
