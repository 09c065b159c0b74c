namespace VideoWatermark.Core.Watermarks;

/// <summary>
/// The part of a watermark image that shows: the bounding box of its pixels more opaque than
/// <see cref="AlphaThreshold"/>, in the image's own pixels. Measured once from the decoded image (where images are
/// decoded, outside the domain), kept with the library's metadata, and used by <see cref="Placement.Place"/>.
/// </summary>
public readonly record struct VisibleArea(int X, int Y, int Width, int Height)
{
    /// <summary>
    /// Alpha (of 255) at or below which a pixel counts as transparent: anti-aliasing and compression leave faint
    /// specks around the drawing that nobody sees on a video, and must not widen the box.
    /// </summary>
    public const int AlphaThreshold = 8;

    public static VisibleArea Whole(int width, int height) => new(0, 0, width, height);

    public bool IsWhole(int imageWidth, int imageHeight) => X == 0 && Y == 0 && Width == imageWidth && Height == imageHeight;

    /// <summary>True when the box lies inside an image of this size (a stored box from other bytes may not).</summary>
    public bool FitsIn(int imageWidth, int imageHeight) =>
        X >= 0 && Y >= 0 && Width >= 1 && Height >= 1 && X + Width <= imageWidth && Y + Height <= imageHeight;

    public override string ToString() => $"{Width}x{Height} at ({X},{Y})";
}
