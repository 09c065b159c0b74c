using System.Text.Json.Serialization;

namespace VideoWatermark.Core.Templates;

/// <summary>Shown for <see cref="For"/> seconds at the start of every <see cref="Every"/> seconds inside the layer's window.</summary>
public sealed record LayerRepeat
{
    public double Every { get; set; }

    [JsonPropertyName("for")]
    public double For { get; set; }
}
