namespace VideoWatermark.Core.Watermarks;

/// <summary>The watermark's drawn size and top-left corner in output pixels.</summary>
public readonly record struct OverlayGeometry(int X, int Y, int Width, int Height);

/// <summary>Where the watermark lands (<see cref="Geometry"/>) and which part of its image is drawn there (<see cref="Part"/>).</summary>
public readonly record struct PlacedWatermark(OverlayGeometry Geometry, VisibleArea Part);

/// <summary>
/// The one placement calculation. The engine feeds its numbers to ffmpeg and the portal's preview draws with the same
/// numbers, so what the user sees before upload is what the worker produces.
/// </summary>
public static class Placement
{
    /// <summary>
    /// Places an image of <paramref name="imageWidth"/>×<paramref name="imageHeight"/> on a frame of
    /// <paramref name="frameWidth"/>×<paramref name="frameHeight"/> (the frame as the viewer sees it, after rotation).
    /// </summary>
    public static OverlayGeometry Compute(int frameWidth, int frameHeight, int imageWidth, int imageHeight, WatermarkSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        spec.Validated();

        var margin = (int)Math.Round(spec.Margin * Math.Min(frameWidth, frameHeight));
        var availableWidth = Math.Max(1, frameWidth - (2 * margin));
        var availableHeight = Math.Max(1, frameHeight - (2 * margin));

        double width = spec.Scale > 0 ? spec.Scale * frameWidth : imageWidth;
        double height = width * imageHeight / imageWidth;

        // A watermark larger than the room inside the margins shrinks to fit, keeping its aspect ratio.
        var fit = Math.Min(1.0, Math.Min(availableWidth / width, availableHeight / height));
        width *= fit;
        height *= fit;

        var w = Math.Clamp((int)Math.Round(width), 1, availableWidth);
        var h = Math.Clamp((int)Math.Round(height), 1, availableHeight);

        var x = Column(spec.Position) switch
        {
            0 => margin,
            1 => (frameWidth - w) / 2,
            _ => frameWidth - margin - w,
        };
        var y = Row(spec.Position) switch
        {
            0 => margin,
            1 => (frameHeight - h) / 2,
            _ => frameHeight - margin - h,
        };

        return new OverlayGeometry(Math.Clamp(x, 0, frameWidth - w), Math.Clamp(y, 0, frameHeight - h), w, h);
    }

    /// <summary>
    /// Places the image's visible part (<paramref name="visible"/>, the whole image when unknown): anchor, margin and
    /// size apply to what the viewer sees, not to the transparent canvas around it. Centered at its own size the
    /// image is drawn whole, as the original design drew it, so that output stays exactly as it was.
    /// </summary>
    public static PlacedWatermark Place(int frameWidth, int frameHeight, int imageWidth, int imageHeight, VisibleArea? visible, WatermarkSpec spec)
    {
        var part = DrawnPart(imageWidth, imageHeight, visible, KeepsWholeImage(spec.Position, spec.Scale));
        return new PlacedWatermark(Compute(frameWidth, frameHeight, part.Width, part.Height, spec), part);
    }

    /// <summary>True for the original design's placement (centered, at the image's own size): the whole image is drawn.</summary>
    public static bool KeepsWholeImage(Anchor position, double scale) => position == Anchor.Center && scale <= 0;

    /// <summary>The part of the image that is drawn: its visible part, unless <paramref name="whole"/> or none is known.</summary>
    public static VisibleArea DrawnPart(int imageWidth, int imageHeight, VisibleArea? visible, bool whole) =>
        !whole && visible is { } v && v.FitsIn(imageWidth, imageHeight) ? v : VisibleArea.Whole(imageWidth, imageHeight);

    private static int Column(Anchor anchor) => (int)anchor % 3;

    private static int Row(Anchor anchor) => (int)anchor / 3;
}
