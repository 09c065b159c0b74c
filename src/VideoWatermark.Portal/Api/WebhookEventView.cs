using VideoWatermark.Core.Events;

namespace VideoWatermark.Portal.Api;

/// <summary>One event of a job and how its deliveries went, as <c>GET /api/jobs/{id}</c> shows them.</summary>
public sealed record WebhookEventView(string Id, string Type, DateTimeOffset OccurredAt, IReadOnlyList<WebhookDeliveryView> Deliveries)
{
    public static WebhookEventView From(OutboxRecord record) => new(
        record.EventId,
        record.Type,
        record.OccurredAt,
        [.. record.Deliveries.Select(d => new WebhookDeliveryView(WebhookTargets.Describe(d.Url), d.DeliveredAt, d.GaveUp, d.NextAttemptAt, d.Attempts))]);
}

/// <param name="Target">The target without its query, which may carry the receiver's token.</param>
public sealed record WebhookDeliveryView(string Target, DateTimeOffset? DeliveredAt, bool GaveUp, DateTimeOffset? NextAttemptAt, IReadOnlyList<DeliveryAttempt> Attempts);
