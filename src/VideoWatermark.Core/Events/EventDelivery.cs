using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Delivers what is due in the outbox: each due target is claimed (its next attempt moved past the attempt's
/// deadline, under the record's ETag, so two processes passing at once send it once), sent once, and its outcome
/// recorded with the next attempt after an exponential backoff with jitter, until it is delivered (a 2xx) or
/// <see cref="EventsOptions.DeliverFor"/> has passed since the event. Runs in any process: the portal's loop, the
/// worker as it exits, the Lambda's schedule.
/// </summary>
public sealed class EventDelivery(EventOutbox outbox, WebhookSender sender, EventsOptions options, TimeProvider time, ILogger<EventDelivery> logger)
{
    private const int MaxParallelRecords = 4;

    /// <summary>Records known to have nothing due before a time (or ever), by the ETag they had then, so a pass reads only what changed or came due.</summary>
    private readonly ConcurrentDictionary<string, (string? ETag, DateTimeOffset? DueAt)> quiet = new(StringComparer.Ordinal);

    /// <summary>The earliest time an attempt this process knows of is due, null when it knows of none.</summary>
    public DateTimeOffset? NextDueAt => quiet.Values.Select(v => v.DueAt).Min();

    /// <summary>One pass over the days still within the delivery window; returns how many attempts it made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = new List<string>();
        await foreach (var info in outbox.ListAsync(now - options.DeliverFor - TimeSpan.FromHours(1), now, cancellationToken))
        {
            if (info.ETag is not null && quiet.TryGetValue(info.Key, out var known) && known.ETag == info.ETag && (known.DueAt is null || known.DueAt > now))
            {
                continue;
            }

            keys.Add(info.Key);
        }

        var attempts = 0;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelRecords, CancellationToken = cancellationToken }, async (key, ct) =>
            Interlocked.Add(ref attempts, await DeliverAsync(key, ct)));
        return attempts;
    }

    /// <summary>Makes every attempt of event <paramref name="key"/> that is due now; returns how many.</summary>
    public async Task<int> DeliverAsync(string key, CancellationToken cancellationToken)
    {
        var record = await outbox.GetAsync(key, cancellationToken);
        if (record is null)
        {
            return 0;
        }

        var attempts = 0;
        for (var index = 0; index < record.Deliveries.Count; index++)
        {
            if (!record.Deliveries[index].Due(time.GetUtcNow()))
            {
                continue;
            }

            var i = index;
            var claimed = await outbox.UpdateAsync(key, r => r.Deliveries[i].Due(time.GetUtcNow()) ? r.Claim(i, time.GetUtcNow(), options.AttemptTimeout * 3) : null, cancellationToken);
            if (claimed is null)
            {
                continue;
            }

            var delivery = claimed.Deliveries[i];
            var at = time.GetUtcNow();
            var outcome = await sender.SendAsync(delivery.Url, record.EventId, record.Type, record.Body, at, cancellationToken);
            attempts++;
            var backoff = Backoff(delivery.Attempts.Count + 1);
            record = await outbox.UpdateAsync(key, r => r.Record(i, at, outcome, backoff, options.DeliverFor), CancellationToken.None) ?? record;
            Log(record, delivery.Url, outcome);
        }

        quiet[key] = (await ETagAsync(key, cancellationToken), record.NextDueAt);
        return attempts;
    }

    /// <summary>
    /// The wait after attempt <paramref name="attempt"/> failed: <see cref="EventsOptions.FirstRetrySeconds"/> doubled
    /// each time up to <see cref="EventsOptions.MaxRetrySeconds"/>, then a random share of it dropped (between none and
    /// half), so receivers that come back are not hit by every sender at the same instant.
    /// </summary>
    public TimeSpan Backoff(int attempt)
    {
        var full = Math.Min(options.MaxRetrySeconds, options.FirstRetrySeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        return TimeSpan.FromSeconds(full * (1 - (Random.Shared.NextDouble() / 2)));
    }

    private async Task<string?> ETagAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await outbox.HeadAsync(key, cancellationToken))?.ETag;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private void Log(OutboxRecord record, string url, DeliveryOutcome outcome)
    {
        var target = WebhookTargets.Describe(url);
        if (outcome.Delivered)
        {
            logger.LogInformation("Event {EventId} ({Type}) delivered to {Target}: {Status}", record.EventId, record.Type, target, outcome.Status);
        }
        else
        {
            logger.LogWarning("Event {EventId} ({Type}) not delivered to {Target}: {Status} {Error}", record.EventId, record.Type, target, outcome.Status, outcome.Error);
        }
    }
}
