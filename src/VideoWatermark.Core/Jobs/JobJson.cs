using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoWatermark.Core.Jobs;

/// <summary>The one JSON shape of job records, shared by every process that reads or writes them.</summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(Job job) => JsonSerializer.SerializeToUtf8Bytes(job, Options);

    public static Job Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<Job>(json, Options) ?? throw new JsonException("A job record was empty.");

    public static byte[] Serialize(JobSegment segment) => JsonSerializer.SerializeToUtf8Bytes(segment, Options);

    public static JobSegment DeserializeSegment(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<JobSegment>(json, Options) ?? throw new JsonException("A segment record was empty.");
}
