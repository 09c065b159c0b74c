using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Records the events of a job that ended (<see cref="IJobEndObserver"/>): <c>job.succeeded</c> or <c>job.failed</c>
/// in the outbox, once per attempt that ended so (the event's id is the job's, the attempt's and the outcome's, so a
/// second finisher or a re-run finds it recorded). Delivery happens later, elsewhere (<see cref="EventDelivery"/>):
/// the job never waits for a receiver.
/// </summary>
public sealed class JobEvents(EventOutbox outbox, EventsOptions options, TimeProvider time, ILogger<JobEvents> logger) : IJobEndObserver
{
    public async Task EndedAsync(Job job, JobStore jobs, CancellationToken cancellationToken)
    {
        try
        {
            if (job.State is JobState.Succeeded or JobState.Failed && options.WebhookUrls.Count > 0)
            {
                await RecordAsync(ForJob(job), options.WebhookUrls, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not record the event of job {JobId} ({State})", job.Id, JobStates.Name(job.State));
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
                null,
                state,
                job.Error,
                succeeded ? job.OutputKey : null,
                succeeded && options.PublicUrl is { } portal ? $"{portal}/api/jobs/{job.Id}/download" : null,
                succeeded ? job.OutputSha256 : null));
    }

    private async Task RecordAsync(WebhookEvent e, IEnumerable<string> targets, CancellationToken cancellationToken)
    {
        var record = OutboxRecord.New(e, targets);
        if (record.Deliveries.Count > 0 && await outbox.TryCreateAsync(record, cancellationToken))
        {
            logger.LogInformation("Event {EventId} ({Type}) recorded for {Targets} target(s)", e.Id, e.Type, record.Deliveries.Count);
        }
    }
}
