namespace VideoWatermark.Core.Events;

/// <summary>
/// One event in the outbox (<c>jobs/outbox/&lt;day&gt;/&lt;event id&gt;.json</c>): the exact body every attempt sends,
/// and for each target its attempts and when the next one is due. The record is the delivery's whole state, so any
/// process (after a restart too) picks up where the last one stopped.
/// </summary>
public sealed record OutboxRecord
{
    public required string EventId { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The job the event is about; null for a batch's event.</summary>
    public string? JobId { get; init; }

    public string? BatchId { get; init; }

    /// <summary>The JSON sent, fixed when the event was recorded (signatures cover it byte for byte).</summary>
    public required string Body { get; init; }

    public required IReadOnlyList<WebhookDelivery> Deliveries { get; init; }

    /// <summary>True once no target has an attempt left to make.</summary>
    public bool Settled => Deliveries.All(d => d.Settled);

    /// <summary>The earliest time a target is due, null when settled.</summary>
    public DateTimeOffset? NextDueAt => Deliveries.Where(d => !d.Settled).Select(d => d.NextAttemptAt).DefaultIfEmpty().Min();

    public static OutboxRecord New(WebhookEvent e, IEnumerable<string> targets) => new()
    {
        EventId = e.Id,
        Type = e.Type,
        OccurredAt = e.OccurredAt,
        JobId = e.Data.JobId,
        BatchId = e.Data.BatchId,
        Body = e.ToJson(),
        Deliveries = [.. targets.Distinct(StringComparer.Ordinal).Select(url => new WebhookDelivery { Url = url, NextAttemptAt = e.OccurredAt })],
    };

    /// <summary>
    /// Takes target <paramref name="index"/> for one attempt: its next attempt moves past the attempt's deadline, so
    /// another process reading the record meanwhile leaves it alone (and tries it then, should this one die).
    /// </summary>
    public OutboxRecord Claim(int index, DateTimeOffset now, TimeSpan lease) =>
        With(index, d => d.Due(now) ? d with { NextAttemptAt = now + lease } : throw new InvalidOperationException($"Delivery {index} of {EventId} is not due."));

    /// <summary>Records an attempt's outcome; the next one waits <paramref name="backoff"/>, unless the time is up.</summary>
    public OutboxRecord Record(int index, DateTimeOffset at, DeliveryOutcome outcome, TimeSpan backoff, TimeSpan deliverFor) => With(index, d =>
    {
        if (outcome.Delivered)
        {
            return d with { Attempts = [.. d.Attempts, new DeliveryAttempt(at, outcome.Status, outcome.Error, null)], DeliveredAt = at, NextAttemptAt = null };
        }

        var next = at + backoff;
        var giveUp = next > OccurredAt + deliverFor;
        return d with
        {
            Attempts = [.. d.Attempts, new DeliveryAttempt(at, outcome.Status, outcome.Error, giveUp ? null : next)],
            NextAttemptAt = giveUp ? null : next,
            GaveUp = giveUp,
        };
    });

    private OutboxRecord With(int index, Func<WebhookDelivery, WebhookDelivery> change) =>
        this with { Deliveries = [.. Deliveries.Select((d, i) => i == index ? change(d) : d)] };
}

/// <summary>One target of one event.</summary>
public sealed record WebhookDelivery
{
    public required string Url { get; init; }

    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];

    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>When the next attempt is due; null once delivered or given up.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Every attempt within <see cref="EventsOptions.DeliverFor"/> failed.</summary>
    public bool GaveUp { get; init; }

    public bool Settled => DeliveredAt is not null || GaveUp;

    public bool Due(DateTimeOffset now) => !Settled && NextAttemptAt is { } at && at <= now;
}

/// <param name="Status">The HTTP status answered, null when there was no answer.</param>
/// <param name="NextAttemptAt">When the next attempt was set for; null when this one delivered it or it was the last.</param>
public sealed record DeliveryAttempt(DateTimeOffset At, int? Status, string? Error, DateTimeOffset? NextAttemptAt);
