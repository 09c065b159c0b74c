using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Storage.Events;

namespace VideoWatermark.Pipeline.Drops;

/// <summary>
/// S3 event notifications, whichever way they arrive (the store's webhook, an SQS queue), turned into dispatches: one
/// path for both, through the same dispatch core as the poller, so one object version gives one job.
/// </summary>
public sealed class DropNotifications(IObjectStore store, DispatchService dispatch, ILogger<DropNotifications> logger)
{
    /// <summary>Dispatches every ObjectCreated record for this bucket; the rest are answered as ignored.</summary>
    /// <param name="source">Where the notification came from, for the log.</param>
    public async Task<IReadOnlyList<NotifiedDrop>> DispatchAsync(S3EventNotification notification, string source, CancellationToken cancellationToken = default)
    {
        var results = new List<NotifiedDrop>();
        foreach (var record in notification.Records ?? [])
        {
            var (created, skipped) = NotifiedObject.From(record, store.Bucket);
            if (created is null)
            {
                results.Add(new NotifiedDrop(record.S3?.Object?.Key, "ignored", null, skipped));
                continue;
            }

            var result = await dispatch.HandleAsync(created, cancellationToken);
            logger.LogInformation("Notified by {Source}: {Key}: {Outcome} {JobId}. {Detail}", source, created.Key, result.Outcome, result.JobId, result.Detail);
            results.Add(new NotifiedDrop(created.Key, result.Outcome.ToString().ToLowerInvariant(), result.JobId, result.Detail));
        }

        return results;
    }
}

/// <summary>What became of one notified record: its key, the dispatch outcome in lower case, the job, and why.</summary>
public sealed record NotifiedDrop(string? Key, string Outcome, string? JobId, string? Detail);
