using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.Shared;

/// <summary>
/// The safe areas of SMPTE ST 2046-1, centred in the frame: action-safe keeps 93 % of its width and height, graphics
/// (title) safe 90 %. A screen that crops the picture's edges still shows what lies inside them.
/// </summary>
public static class SafeAreas
{
    /// <summary>The share of the frame's width (and height) left outside the action-safe area on each side.</summary>
    public const double ActionInset = 0.035;

    /// <summary>The share left outside the graphics-safe (title-safe) area on each side.</summary>
    public const double GraphicsInset = 0.05;

    /// <summary>True when the whole box lies inside the area <paramref name="inset"/> from each edge (a pixel's rounding allowed).</summary>
    public static bool Contains(OverlayGeometry box, int frameWidth, int frameHeight, double inset)
    {
        double left = inset * frameWidth, top = inset * frameHeight;
        double right = frameWidth - left, bottom = frameHeight - top;
        return box.X >= left - 1 && box.Y >= top - 1 && box.X + box.Width <= right + 1 && box.Y + box.Height <= bottom + 1;
    }
}
