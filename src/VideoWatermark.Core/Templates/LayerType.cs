namespace VideoWatermark.Core.Templates;

/// <summary>What a layer draws: a library image or text with tokens.</summary>
public enum LayerType
{
    Image,
    Text,
}
