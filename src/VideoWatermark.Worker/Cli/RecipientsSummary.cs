using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoWatermark.Worker.Cli;

/// <summary>What <c>recipients --json</c> prints: the plan's decision, the base's time and each copy's, in one line.</summary>
/// <param name="PersonalShare">The share of the video each copy re-encodes (1 when every copy is a full encode).</param>
/// <param name="BaseSeconds">Wall time of the base's encode and cut; 0 when every copy is a full encode.</param>
/// <param name="Seconds">Wall time of the whole command's work, plan included.</param>
internal sealed record RecipientsSummary(
    string Input,
    bool Smart,
    string Reason,
    IReadOnlyList<int> PersonalLayers,
    double PersonalShare,
    int Pieces,
    double GridSeconds,
    double BaseSeconds,
    double Seconds,
    IReadOnlyList<RecipientCopySummary> Copies)
{
    public string ToJson() => JsonSerializer.Serialize(this, RecipientsJsonContext.Default.RecipientsSummary);
}

/// <param name="Recipient">The row, 1 for the first.</param>
/// <param name="Seconds">The copy's own wall time: its pieces' encodes and its join, or its full encode, without the time it waited for an encode slot.</param>
internal sealed record RecipientCopySummary(int Recipient, string Output, int Frames, bool Full, double Seconds, double EncodeSeconds, double JoinSeconds);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RecipientsSummary))]
internal sealed partial class RecipientsJsonContext : JsonSerializerContext;
