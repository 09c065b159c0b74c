using System.Text.Json;
using VideoWatermark.Core.Storage.Events;

namespace VideoWatermark.Dispatcher.Events;

/// <summary>What invoked the dispatcher, told apart by shape: the managed runtime hands over raw JSON.</summary>
public abstract record LambdaEvent
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record S3Notification(S3EventNotification Event) : LambdaEvent;

    public sealed record S3Test(S3TestEvent Event) : LambdaEvent;

    public sealed record Schedule(ScheduledEvent Event) : LambdaEvent;

    public sealed record Unrecognized(string Description) : LambdaEvent;

    public static LambdaEvent Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new Unrecognized($"a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            return new S3Notification(root.Deserialize<S3EventNotification>(Json)!);
        }

        if (root.TryGetProperty("Event", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == S3TestEvent.EventName)
        {
            return new S3Test(root.Deserialize<S3TestEvent>(Json)!);
        }

        if (root.TryGetProperty("source", out _) && root.Deserialize<ScheduledEvent>(Json) is { IsSchedule: true } schedule)
        {
            return new Schedule(schedule);
        }

        var fields = string.Join(", ", root.EnumerateObject().Take(5).Select(p => p.Name));
        return new Unrecognized($"an object with {fields}");
    }
}
