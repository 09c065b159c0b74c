using System.Text.Json.Serialization;

namespace VideoWatermark.Dispatcher.Events;

/// <summary>An EventBridge schedule's event: the dispatcher answers it by looking for lost jobs.</summary>
public sealed record ScheduledEvent(
    string? Id,
    string? Source,
    [property: JsonPropertyName("detail-type")] string? DetailType,
    DateTimeOffset? Time,
    IReadOnlyList<string>? Resources)
{
    public const string EventBridgeSource = "aws.events";
    public const string ScheduledDetailType = "Scheduled Event";

    public bool IsSchedule => Source == EventBridgeSource && DetailType == ScheduledDetailType;
}
