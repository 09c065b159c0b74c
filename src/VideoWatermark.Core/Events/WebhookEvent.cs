using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoWatermark.Core.Events;

/// <summary>What a receiver gets, as JSON: <c>{type, id, occurredAt, data: {…}}</c>. Its id is the same for every delivery of it.</summary>
public sealed record WebhookEvent(string Type, string Id, DateTimeOffset OccurredAt, WebhookEventData Data)
{
    public const string JobSucceeded = "job.succeeded";
    public const string JobFailed = "job.failed";
    public const string BatchCompleted = "batch.completed";

    public string ToJson() => JsonSerializer.Serialize(this, WebhookJsonContext.Default.WebhookEvent);
}

/// <param name="State">The job's state (<c>succeeded</c>, <c>failed</c>); for a batch, <c>succeeded</c> when every copy did, else <c>failed</c>.</param>
/// <param name="DownloadUrl">The portal's download address, when <see cref="EventsOptions.PublicUrl"/> is set.</param>
/// <param name="Counts">For <c>batch.completed</c>, how its copies ended; null for a job's event.</param>
public sealed record WebhookEventData(
    string? JobId,
    string? BatchId,
    string State,
    string? Error,
    string? OutputKey,
    string? DownloadUrl,
    string? Sha256,
    BatchCounts? Counts = null);

/// <summary>How a batch's copies ended, as its <c>batch.completed</c> says.</summary>
public sealed record BatchCounts(int Total, int Succeeded, int Failed, int Cancelled);

/// <summary>Every member is written, null ones too, so receivers see one shape for every type.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WebhookEvent))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
