using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoWatermark.Worker.Cli;

/// <summary>What <c>apply --json</c> prints: one line a script or the bench reads instead of the output's path.</summary>
/// <param name="Duration">Seconds from the output's first frame to the end of its last.</param>
/// <param name="EncodeSeconds">Wall time of the encode (of every segment, side by side or in turn).</param>
/// <param name="JoinSeconds">Wall time of the join and its frame check; 0 in one pass.</param>
internal sealed record ApplySummary(string Output, int Frames, double Duration, int Segments, double EncodeSeconds, double JoinSeconds)
{
    public string ToJson() => JsonSerializer.Serialize(this, ApplySummaryJsonContext.Default.ApplySummary);
}

/// <summary>Source-generated, so the worker pays no reflection pass for its one line.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ApplySummary))]
internal sealed partial class ApplySummaryJsonContext : JsonSerializerContext;
