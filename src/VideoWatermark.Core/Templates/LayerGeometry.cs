using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Templates;

/// <summary>
/// Where a layer that stays in one place lands on a frame, in output pixels: the rectangle of its drawn still (after
/// scaling and rotation), and <paramref name="Size"/>, the layer's size in its own unit that drew it (an image's width
/// as a share of the frame's width, a text's height as a share of the frame's height).
/// </summary>
public sealed record LayerBox(int X, int Y, int Width, int Height, double Size);

/// <summary>
/// The template engine's sizing and placement of one layer, in one place: the engine's filter graph takes its numbers
/// from here, and the editor's preview hands the same numbers to the page as each layer's box, so a box outlines what
/// the renderer drew.
/// </summary>
public static class LayerGeometry
{
    /// <summary>
    /// An image layer's drawn size before rotation: its visible part (<paramref name="partWidth"/>×<paramref name="partHeight"/>)
    /// at <see cref="TemplateLayer.Scale"/> of the frame's width (its own size at 0), shrunk to fit inside the margins,
    /// as <see cref="Placement.Compute"/> sizes a single watermark.
    /// </summary>
    public static (int Width, int Height) Scaled(TemplateLayer layer, int frameWidth, int frameHeight, int partWidth, int partHeight)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var g = Placement.Compute(frameWidth, frameHeight, partWidth, partHeight, new WatermarkSpec { Scale = layer.Scale, Margin = layer.Margin });
        return (g.Width, g.Height);
    }

    /// <summary>The box a <paramref name="width"/>×<paramref name="height"/> still needs once turned by <paramref name="degrees"/>.</summary>
    public static (int Width, int Height) Rotated(int width, int height, double degrees)
    {
        if (degrees % 360 == 0)
        {
            return (width, height);
        }

        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Abs(Math.Cos(radians)), Math.Abs(Math.Sin(radians)));
        return ((int)Math.Ceiling((width * cos) + (height * sin)), (int)Math.Ceiling((width * sin) + (height * cos)));
    }

    /// <summary>
    /// The top-left corner of a still of <paramref name="width"/>×<paramref name="height"/> put at
    /// <paramref name="anchor"/> with <paramref name="margin"/> (a share of the frame's shorter side).
    /// </summary>
    public static (int X, int Y) AnchorSpot(Anchor anchor, double margin, int frameWidth, int frameHeight, int width, int height)
    {
        var g = Placement.Compute(frameWidth, frameHeight, width, height, new WatermarkSpec { Position = anchor, Margin = margin });
        return (g.X, g.Y);
    }

    /// <summary>
    /// The top-left corner of a layer's still that is not moving: its free <c>x</c>/<c>y</c> (kept inside the frame), or
    /// its anchor at its margin. A hopping layer starts at its own anchor.
    /// </summary>
    public static (int X, int Y) TopLeft(TemplateLayer layer, int frameWidth, int frameHeight, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!layer.IsFreelyPlaced)
        {
            return AnchorSpot(layer.Anchor, layer.Margin, frameWidth, frameHeight, width, height);
        }

        var x = Math.Clamp((int)Math.Round((layer.X ?? 0) * frameWidth), 0, Math.Max(0, frameWidth - width));
        var y = Math.Clamp((int)Math.Round((layer.Y ?? 0) * frameHeight), 0, Math.Max(0, frameHeight - height));
        return (x, y);
    }

    /// <summary>True for a layer drawn in one place for as long as it shows: not tiled over the frame, not moving.</summary>
    public static bool StaysPut(TemplateLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return !layer.Tile && layer.MotionKind == MotionKind.None;
    }

    /// <summary>An image layer's box from its visible part's size; null when it does not stay put.</summary>
    public static LayerBox? ImageBox(TemplateLayer layer, int frameWidth, int frameHeight, int partWidth, int partHeight)
    {
        if (!StaysPut(layer))
        {
            return null;
        }

        var (width, height) = Scaled(layer, frameWidth, frameHeight, partWidth, partHeight);
        var size = (double)width / frameWidth;
        (width, height) = Rotated(width, height, layer.Rotation);
        return At(layer, frameWidth, frameHeight, width, height, size);
    }

    /// <summary>
    /// A text layer's box from its drawn still's size (the text renderer's measure, rotation, outline and box included);
    /// null when it does not stay put.
    /// </summary>
    public static LayerBox? TextBox(TemplateLayer layer, int frameWidth, int frameHeight, int drawnWidth, int drawnHeight) =>
        StaysPut(layer) ? At(layer, frameWidth, frameHeight, drawnWidth, drawnHeight, layer.Size) : null;

    private static LayerBox At(TemplateLayer layer, int frameWidth, int frameHeight, int width, int height, double size)
    {
        var (x, y) = TopLeft(layer, frameWidth, frameHeight, width, height);
        return new LayerBox(x, y, width, height, size);
    }
}
