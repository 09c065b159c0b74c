using System.Text.Json;
using System.Text.Json.Serialization;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Jobs;

/// <summary>The one JSON shape of job records, shared by every process that reads or writes them.</summary>
public static class JobJson
{
    /// <summary>Enums as kebab-case names, nulls left out, indented; the code is generated at build time (the worker runs without a JIT).</summary>
    public static JsonSerializerOptions Options => JobJsonContext.Default.Options;

    public static byte[] Serialize(Job job) => JsonSerializer.SerializeToUtf8Bytes(job, JobJsonContext.Default.Job);

    public static Job Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, JobJsonContext.Default.Job) ?? throw new JsonException("A job record was empty.");

    public static byte[] Serialize(JobSegment segment) => JsonSerializer.SerializeToUtf8Bytes(segment, JobJsonContext.Default.JobSegment);

    public static JobSegment DeserializeSegment(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, JobJsonContext.Default.JobSegment) ?? throw new JsonException("A segment record was empty.");

    public static byte[] Serialize(Batch batch) => JsonSerializer.SerializeToUtf8Bytes(batch, JobJsonContext.Default.Batch);

    public static ValueTask<Batch?> DeserializeBatchAsync(Stream json, CancellationToken cancellationToken) =>
        JsonSerializer.DeserializeAsync(json, JobJsonContext.Default.Batch, cancellationToken);

    public static byte[] Serialize(SharedPiece piece) => JsonSerializer.SerializeToUtf8Bytes(piece, JobJsonContext.Default.SharedPiece);

    public static SharedPiece DeserializePiece(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, JobJsonContext.Default.SharedPiece) ?? throw new JsonException("A shared piece record was empty.");
}

/// <summary>Every enum the records hold is listed here: one left out would be written as a number.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters =
    [
        typeof(RecordEnumConverter<JobState>), typeof(RecordEnumConverter<JobPhase>), typeof(RecordEnumConverter<JobTransition>),
        typeof(RecordEnumConverter<Anchor>), typeof(RecordEnumConverter<LayerType>), typeof(RecordEnumConverter<MotionKind>),
    ])]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(JobSegment))]
[JsonSerializable(typeof(Batch))]
[JsonSerializable(typeof(SharedPiece))]
internal sealed partial class JobJsonContext : JsonSerializerContext;

/// <summary>Enums as their kebab-case names ("succeeded", "top-right"); a number is still read, as it always was.</summary>
internal sealed class RecordEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower)
    where T : struct, Enum;
