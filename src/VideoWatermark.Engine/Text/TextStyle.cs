using System.Globalization;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine.Text;

/// <summary>How a text layer looks, in pixels of one frame size; built from a validated <see cref="TemplateLayer"/>.</summary>
public sealed record TextStyle(float FontPixels, uint Argb, string? Font, bool Outline, bool Shadow, uint? BoxArgb, float Rotation)
{
    public static TextStyle For(TemplateLayer layer, int frameHeight) => new(
        (float)Math.Max(4, layer.Size * frameHeight),
        0xFF000000 | uint.Parse(layer.Color.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        layer.Font,
        layer.Outline,
        layer.Shadow,
        layer.Box is null ? null : Rgba(layer.Box),
        (float)layer.Rotation);

    private static uint Rgba(string hex)
    {
        var rgba = uint.Parse(hex.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (rgba >> 8) | (rgba << 24);
    }
}
