namespace VideoWatermark.Dispatcher.Events;

/// <summary>The message S3 sends once when a notification is configured: <c>"Event":"s3:TestEvent"</c>, no Records.</summary>
public sealed record S3TestEvent(string? Service, string? Event, DateTimeOffset? Time, string? Bucket)
{
    public const string EventName = "s3:TestEvent";
}
