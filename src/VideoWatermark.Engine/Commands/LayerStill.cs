using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Engine.Commands;

/// <summary>
/// One layer's still image on disk. <paramref name="Drawn"/> stills (text, tiles) are already at their final size,
/// rotation and opacity; a library image is cropped to <paramref name="Part"/> (its visible part, or all of it), scaled and
/// rotated by ffmpeg, once, on its single frame.
/// </summary>
internal sealed record LayerStill(string Path, int Width, int Height, TemplateLayer Layer, bool Drawn, VisibleArea? Part = null)
{
    /// <summary>
    /// The image's visible part, unless the layer is the original design's placement (centered at its own size, not
    /// moving, not tiled), which draws the whole image.
    /// </summary>
    public static VisibleArea PartOf(TemplateLayer layer, int width, int height, VisibleArea visible) =>
        Placement.DrawnPart(width, height, visible,
            whole: !layer.Tile && !layer.IsFreelyPlaced && layer.MotionKind == MotionKind.None && Placement.KeepsWholeImage(layer.Anchor, layer.Scale));

    /// <summary>Where this still lands on a frame of that size; null for a tiled or moving layer.</summary>
    public LayerBox? Box(int frameWidth, int frameHeight)
    {
        if (Drawn)
        {
            return Layer.Type == LayerType.Text ? LayerGeometry.TextBox(Layer, frameWidth, frameHeight, Width, Height) : null;
        }

        var part = Part ?? VisibleArea.Whole(Width, Height);
        return LayerGeometry.ImageBox(Layer, frameWidth, frameHeight, part.Width, part.Height);
    }
}
