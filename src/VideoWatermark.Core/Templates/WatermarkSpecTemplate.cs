using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Templates;

/// <summary>Today's single watermark (<c>watermark</c> + <c>placement</c>) as the one-layer template it is.</summary>
public static class WatermarkSpecTemplate
{
    public static WatermarkTemplate ToTemplate(this WatermarkSpec spec, string name = "watermark") => new()
    {
        Name = name,
        Layers =
        [
            new TemplateLayer
            {
                Type = LayerType.Image,
                Image = spec.Image,
                Position = spec.Position,
                Margin = spec.Margin,
                Scale = spec.Scale,
                Opacity = spec.Opacity,
            },
        ],
    };
}
