using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Records the events of a job that ended (<see cref="IJobEndObserver"/>): <c>job.succeeded</c> or <c>job.failed</c>
/// once per attempt that ended so (the event's id is the job's, the attempt's and the outcome's, so a second finisher
/// or a re-run finds it recorded), and <c>batch.completed</c> once per batch when the last of its jobs ends. Targets
/// are the configured webhooks and the batch's callback URL. Delivery happens later, elsewhere
/// (<see cref="EventDelivery"/>): the job never waits for a receiver.
/// </summary>
public sealed class JobEvents(IObjectStore store, EventOutbox outbox, EventsOptions options, TimeProvider time, ILogger<JobEvents> logger) : IJobEndObserver
{
    private readonly BatchStore batches = new(store, time);

    public async Task EndedAsync(Job job, JobStore jobs, CancellationToken cancellationToken)
    {
        try
        {
            var batch = await BatchOfAsync(job, cancellationToken);
            var targets = Targets(batch);
            if (job.State is JobState.Succeeded or JobState.Failed && targets.Count > 0)
            {
                await RecordAsync(ForJob(job), targets, cancellationToken);
            }

            if (batch is not null)
            {
                await RecordBatchEndAsync(batch, job, jobs, targets, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the events of job {JobId} ({State})", job.Id, JobStates.Name(job.State));
            throw;
        }
    }

    /// <summary>The event a job's end makes.</summary>
    public WebhookEvent ForJob(Job job)
    {
        var state = JobStates.Name(job.State);
        var succeeded = job.State == JobState.Succeeded;
        return new WebhookEvent(
            succeeded ? WebhookEvent.JobSucceeded : WebhookEvent.JobFailed,
            $"{job.Id}-{job.Attempts}-{state}",
            job.FinishedAt ?? time.GetUtcNow(),
            new WebhookEventData(
                job.Id,
                job.BatchId,
                state,
                job.Error,
                succeeded ? job.OutputKey : null,
                succeeded && options.PublicUrl is { } portal ? $"{portal}/api/jobs/{job.Id}/download" : null,
                succeeded ? job.OutputSha256 : null));
    }

    /// <summary>The job's batch; when it cannot be read (a process not allowed to), the job's own event still goes to the configured targets.</summary>
    private async Task<Batch?> BatchOfAsync(Job job, CancellationToken cancellationToken)
    {
        if (job.BatchId is not { } batchId)
        {
            return null;
        }

        try
        {
            return await batches.GetAsync(batchId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read batch {BatchId} of job {JobId}: its callback and batch.completed are left out", batchId, job.Id);
            return null;
        }
    }

    private List<string> Targets(Batch? batch)
    {
        var targets = new List<string>(options.WebhookUrls);
        if (batch?.CallbackUrl is { Length: > 0 } callback)
        {
            targets.Add(callback);
        }

        return targets;
    }

    /// <summary>
    /// Marks <paramref name="job"/> ended in its batch and, when every job of the batch has a mark, reads them all: if
    /// each has ended, the batch has, at the time its last job ended (the same for any finisher that gets here, so the
    /// event's id and day are too).
    /// </summary>
    private async Task RecordBatchEndAsync(Batch batch, Job job, JobStore jobs, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }

        using (var mark = new MemoryStream([]))
        {
            await store.PutAsync(ObjectKeys.BatchEndedKey(batch.Id, job.Id), mark, "text/plain", null, cancellationToken);
        }

        var marked = 0;
        await foreach (var _ in store.ListAsync(ObjectKeys.BatchEndedPrefix(batch.Id), cancellationToken))
        {
            marked++;
        }

        if (marked < batch.Recipients.Count)
        {
            return;
        }

        var members = new List<Job>();
        foreach (var recipient in batch.Recipients)
        {
            if (await jobs.GetAsync(recipient.JobId, cancellationToken) is not { } member || !member.State.IsFinal())
            {
                return;
            }

            members.Add(member);
        }

        await RecordAsync(ForBatch(batch, members), targets, cancellationToken);
    }

    private WebhookEvent ForBatch(Batch batch, IReadOnlyList<Job> members)
    {
        var failed = members.Count(j => j.State == JobState.Failed);
        var cancelled = members.Count(j => j.State == JobState.Cancelled);
        var problems = new List<string>();
        if (failed > 0)
        {
            problems.Add($"{failed} of {members.Count} copies failed");
        }

        if (cancelled > 0)
        {
            problems.Add($"{cancelled} of {members.Count} copies were cancelled");
        }

        return new WebhookEvent(
            WebhookEvent.BatchCompleted,
            $"{batch.Id}-completed",
            members.Max(j => j.FinishedAt) ?? time.GetUtcNow(),
            new WebhookEventData(
                null,
                batch.Id,
                problems.Count == 0 ? JobStates.Name(JobState.Succeeded) : JobStates.Name(JobState.Failed),
                problems.Count == 0 ? null : string.Join("; ", problems) + ".",
                null,
                options.PublicUrl is { } portal ? $"{portal}/api/batches/{batch.Id}/download.zip" : null,
                null));
    }

    private async Task RecordAsync(WebhookEvent e, IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        var record = OutboxRecord.New(e, targets);
        if (await outbox.TryCreateAsync(record, cancellationToken))
        {
            logger.LogInformation("Event {EventId} ({Type}) recorded for {Targets} target(s)", e.Id, e.Type, record.Deliveries.Count);
        }
    }
}
