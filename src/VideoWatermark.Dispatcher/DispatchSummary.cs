using System.Text.Json;
using System.Text.Json.Serialization;
using VideoWatermark.Core.Dispatch;

namespace VideoWatermark.Dispatcher;

/// <summary>What one invocation did, returned as the Lambda's JSON result and logged.</summary>
public sealed record DispatchSummary
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>"s3", "s3-test", "schedule" or "unrecognized".</summary>
    public required string Event { get; init; }

    public int Launched => Count(RecordOutcome.Launched);

    public int Duplicates => Count(RecordOutcome.Duplicate);

    public int Ignored => Count(RecordOutcome.Ignored);

    public int Failed => Count(RecordOutcome.Failed);

    /// <summary>Jobs left queued because ECS had no capacity; the scheduled sweep launches them.</summary>
    public int Postponed => Count(RecordOutcome.Postponed);

    /// <summary>Records that hit a transient error; the invocation throws so Lambda delivers the event again.</summary>
    public int Errors => Count(RecordOutcome.Error);

    public IReadOnlyList<RecordSummary> Records { get; init; } = [];

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static DispatchSummary FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<DispatchSummary>(json, Json) ?? throw new JsonException("Empty summary.");

    public override string ToString() =>
        $"{Event}: {Launched} launched, {Duplicates} duplicate, {Ignored} ignored, {Failed} failed, {Postponed} postponed, {Errors} errors";

    private int Count(RecordOutcome outcome) => Records.Count(r => r.Outcome == outcome);
}

public enum RecordOutcome
{
    Launched,
    Duplicate,
    Ignored,
    Failed,
    Postponed,
    Error,
}

/// <param name="Key">The decoded object key, when the record named one.</param>
public sealed record RecordSummary(RecordOutcome Outcome, string? Key, string? JobId, string Detail)
{
    public static RecordSummary From(DispatchResult result, string? key) => new(
        result.Outcome switch
        {
            DispatchOutcome.Launched => RecordOutcome.Launched,
            DispatchOutcome.Duplicate => RecordOutcome.Duplicate,
            DispatchOutcome.Failed => RecordOutcome.Failed,
            DispatchOutcome.Postponed => RecordOutcome.Postponed,
            _ => RecordOutcome.Ignored,
        },
        key,
        result.JobId,
        result.Detail);
}
