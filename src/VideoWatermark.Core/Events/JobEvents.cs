using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Records the events of a job that ended (<see cref="IJobEndObserver"/>): <c>job.succeeded</c> or <c>job.failed</c>
/// once per attempt that ended so (the event's id is the job's, the attempt's and the outcome's, so a second finisher
/// or a re-run finds it recorded), and <c>batch.completed</c> each time every job of a batch has ended (again, after a
/// retry: its id carries the time its last job ended, so each completion is its own event and any finisher names it
/// alike). Targets are the configured webhooks and the batch's callback URL. Delivery happens later, elsewhere
/// (<see cref="EventDelivery"/>): the job never waits for a receiver. An end whose process died before recording it is
/// recorded by the next sweep (<see cref="CatchUpAsync"/>).
/// </summary>
public sealed class JobEvents(IObjectStore store, EventOutbox outbox, EventsOptions options, TimeProvider time, ILogger<JobEvents> logger) : IJobEndObserver
{
    /// <summary>
    /// How long after its end a job's event may still be on its way from the process that ended it (a write or two);
    /// the sweep leaves younger ends alone rather than race that process.
    /// </summary>
    public static readonly TimeSpan RecordingGrace = TimeSpan.FromMinutes(1);

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
            JobEventId(job),
            job.FinishedAt ?? time.GetUtcNow(),
            new WebhookEventData(
                job.Id,
                job.BatchId,
                state,
                job.Error,
                succeeded ? job.OutputKey : null,
                succeeded && options.PublicUrl is { } portal ? $"{portal}/api/jobs/{job.Id}/download" : null,
                succeeded ? job.OutputSha256 : null,
                null));
    }

    /// <summary>The id of the event <paramref name="job"/>'s current end makes.</summary>
    public static string JobEventId(Job job) => $"{job.Id}-{job.Attempts}-{JobStates.Name(job.State)}";

    /// <summary>
    /// The id of the <c>batch.completed</c> that the batch's jobs ending last at <paramref name="lastEnd"/> make: one
    /// per completion, as a retried copy that ends again ends later.
    /// </summary>
    public static string BatchEventId(string batchId, DateTimeOffset lastEnd) => $"{batchId}-completed-{lastEnd.ToUnixTimeMilliseconds()}";

    public DateTimeOffset? CatchUpSince(DateTimeOffset now) => now - options.CatchUpFor;

    /// <summary>
    /// Records the events a sweep finds missing: of each job it listed that ended within
    /// <see cref="EventsOptions.CatchUpHours"/> (and longer ago than <see cref="RecordingGrace"/>) without its event in the outbox, and of each batch whose jobs have
    /// all ended without its latest <c>batch.completed</c>. One listing of the outbox's days and one read of each such
    /// batch's record per sweep; the jobs of a batch are read only when its event is missing.
    /// </summary>
    public async Task CatchUpAsync(IReadOnlyList<Job> jobs, JobStore store, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now - options.CatchUpFor;
        var ended = jobs.Where(j => j.State.IsFinal() && j.FinishedAt is { } at && at >= since && at <= now - RecordingGrace).ToList();
        // Without webhooks only a batch's callback can be a target: nothing to look for then, not even a listing.
        if (ended.Count == 0 || (options.WebhookUrls.Count == 0 && ended.All(j => j.BatchId is null)))
        {
            return;
        }

        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var info in outbox.ListAsync(since, now, cancellationToken))
        {
            recorded.Add(info.Key);
        }

        var batchesRead = new Dictionary<string, Batch?>(StringComparer.Ordinal);
        async Task<Batch?> BatchAsync(string? id)
        {
            if (id is null)
            {
                return null;
            }

            if (!batchesRead.TryGetValue(id, out var batch))
            {
                batchesRead[id] = batch = await BatchOfAsync(id, cancellationToken);
            }

            return batch;
        }

        foreach (var job in ended.Where(j => j.State is JobState.Succeeded or JobState.Failed))
        {
            if (recorded.Contains(ObjectKeys.OutboxKey(job.FinishedAt!.Value, JobEventId(job)))
                || (job.BatchId is null && options.WebhookUrls.Count == 0))
            {
                continue;
            }

            var batch = await BatchAsync(job.BatchId);
            var targets = Targets(batch);
            if (targets.Count > 0)
            {
                logger.LogWarning("Job {JobId} ended at {FinishedAt} without its event recorded; recording it now", job.Id, job.FinishedAt);
                await RecordAsync(ForJob(job), targets, cancellationToken);
                if (batch is not null)
                {
                    await MarkEndedAsync(batch, job, cancellationToken);
                }
            }
        }

        // A batch with a job still running, or one that has only just ended, is not (yet) the sweep's to record.
        var settling = jobs.Where(j => j.BatchId is not null && (!j.State.IsFinal() || j.FinishedAt > now - RecordingGrace))
            .Select(j => j.BatchId!).ToHashSet(StringComparer.Ordinal);
        foreach (var members in ended.Where(j => j.BatchId is not null && !settling.Contains(j.BatchId)).GroupBy(j => j.BatchId!, StringComparer.Ordinal))
        {
            // Its jobs not listed here ended before the window, so the last end is among these.
            var lastEnd = members.Max(j => j.FinishedAt!.Value);
            if (recorded.Contains(ObjectKeys.OutboxKey(lastEnd, BatchEventId(members.Key, lastEnd)))
                || await BatchAsync(members.Key) is not { } batch
                || Targets(batch) is not { Count: > 0 } targets)
            {
                continue;
            }

            foreach (var job in members)
            {
                await MarkEndedAsync(batch, job, cancellationToken);
            }

            await RecordBatchIfCompleteAsync(batch, store, targets, cancellationToken);
        }
    }

    /// <summary>The job's batch; when it cannot be read (a process not allowed to), the job's own event still goes to the configured targets.</summary>
    private Task<Batch?> BatchOfAsync(Job job, CancellationToken cancellationToken) =>
        job.BatchId is { } batchId ? BatchOfAsync(batchId, cancellationToken) : Task.FromResult<Batch?>(null);

    private async Task<Batch?> BatchOfAsync(string batchId, CancellationToken cancellationToken)
    {
        try
        {
            return await batches.GetAsync(batchId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read batch {BatchId}: its callback and batch.completed are left out", batchId);
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
    /// event's id and day are too). After a retry every job has its mark already, so the retried job's end reads them
    /// again, and a new completion makes a new event.
    /// </summary>
    private async Task RecordBatchEndAsync(Batch batch, Job job, JobStore jobs, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0)
        {
            return;
        }

        await MarkEndedAsync(batch, job, cancellationToken);
        var marked = 0;
        await foreach (var _ in store.ListAsync(ObjectKeys.BatchEndedPrefix(batch.Id), cancellationToken))
        {
            marked++;
        }

        if (marked >= batch.Recipients.Count)
        {
            await RecordBatchIfCompleteAsync(batch, jobs, targets, cancellationToken);
        }
    }

    private async Task MarkEndedAsync(Batch batch, Job job, CancellationToken cancellationToken)
    {
        using var mark = new MemoryStream([]);
        await store.PutAsync(ObjectKeys.BatchEndedKey(batch.Id, job.Id), mark, "text/plain", null, cancellationToken);
    }

    /// <summary>Reads every job of the batch and records <c>batch.completed</c> when all have ended.</summary>
    private async Task RecordBatchIfCompleteAsync(Batch batch, JobStore jobs, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// The batch's end as the jobs now stand: <c>succeeded</c> when every copy did, else <c>failed</c> with what went
    /// wrong, and the counts, so a receiver that got an earlier completion sees what the retry changed.
    /// </summary>
    private WebhookEvent ForBatch(Batch batch, IReadOnlyList<Job> members)
    {
        var succeeded = members.Count(j => j.State == JobState.Succeeded);
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

        var lastEnd = members.Max(j => j.FinishedAt) ?? time.GetUtcNow();
        return new WebhookEvent(
            WebhookEvent.BatchCompleted,
            BatchEventId(batch.Id, lastEnd),
            lastEnd,
            new WebhookEventData(
                null,
                batch.Id,
                problems.Count == 0 ? JobStates.Name(JobState.Succeeded) : JobStates.Name(JobState.Failed),
                problems.Count == 0 ? null : string.Join("; ", problems) + ".",
                null,
                options.PublicUrl is { } portal ? $"{portal}/api/batches/{batch.Id}/download.zip" : null,
                null,
                new BatchCounts(members.Count, succeeded, failed, cancelled)));
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
