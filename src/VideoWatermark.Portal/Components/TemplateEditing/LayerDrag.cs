using System.Globalization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.TemplateEditing;

/// <summary>
/// A layer's box let go on the preview, in shares of the frame (the browser knows no pixels of the video). Each kind
/// applies itself to the draft's layer, within the limits the template format allows.
/// </summary>
/// <param name="Index">The layer, in drawing order.</param>
/// <param name="Box">Its box as the preview drew it, in the frame's pixels.</param>
public abstract record LayerDrag(int Index, LayerBox Box)
{
    public abstract void Apply(TemplateLayer layer);
}

/// <summary>
/// The box moved so that its top-left corner is at (<paramref name="Left"/>, <paramref name="Top"/>): near one of the
/// nine anchors (at the layer's margin) the layer snaps to it, otherwise it is placed freely there.
/// </summary>
public sealed record LayerMoved(int Index, LayerBox Box, int FrameWidth, int FrameHeight, double Left, double Top) : LayerDrag(Index, Box)
{
    public override void Apply(TemplateLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (LayerSnap.Nearest(LayerSnap.Spots(layer.Margin, Box, FrameWidth, FrameHeight), Left, Top) is { } spot)
        {
            layer.Place(spot.Anchor.ToName());
            return;
        }

        // Kept inside the frame, as the renderer keeps the layer: the panel then shows where it is drawn.
        layer.Place(LayerEdits.Free);
        layer.X = Math.Round(Math.Clamp(Left, 0, Math.Max(0, 1 - ((double)Box.Width / FrameWidth))), 4);
        layer.Y = Math.Round(Math.Clamp(Top, 0, Math.Max(0, 1 - ((double)Box.Height / FrameHeight))), 4);
    }
}

/// <summary>
/// The box's corner dragged so that it is <paramref name="Factor"/> times as large: an image's scale (a share of the
/// video's width) or a text's size (its height as a share of the video's height) grows or shrinks by as much. Its
/// place stays: an anchored layer keeps its anchor, a free one its top-left corner.
/// </summary>
public sealed record LayerResized(int Index, LayerBox Box, double Factor) : LayerDrag(Index, Box)
{
    /// <summary>The smallest size a drag gives (the format allows anything above 0; 0 means an image's own size).</summary>
    public const double MinSize = 0.01;

    /// <summary>The largest: the whole width, or the whole height, as the format allows.</summary>
    public const double MaxSize = 1;

    public double NewSize => double.IsFinite(Factor) && Factor > 0 ? Math.Round(Math.Clamp(Box.Size * Factor, MinSize, MaxSize), 3) : Box.Size;

    public override void Apply(TemplateLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer.Type == LayerType.Image)
        {
            layer.Scale = NewSize;
        }
        else
        {
            layer.Size = NewSize;
        }
    }
}

/// <summary>Where a dragged box snaps: the anchors' places for a box of its size, and how near counts.</summary>
public static class LayerSnap
{
    /// <summary>
    /// How near a box's top-left corner must come to an anchor's place to take it, as a share of the frame's width
    /// (left and right) and of its height (up and down). The browser shows the same target while dragging.
    /// </summary>
    public const double Distance = 0.06;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="X">The box's left edge there, as a share of the frame's width.</param>
    /// <param name="Y">Its top edge, as a share of the frame's height.</param>
    public readonly record struct Spot(Anchor Anchor, double X, double Y);

    /// <summary>The nine anchors' places for <paramref name="box"/>'s size at <paramref name="margin"/>, in reading order.</summary>
    public static IReadOnlyList<Spot> Spots(double margin, LayerBox box, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(box);
        return [.. Enum.GetValues<Anchor>().Select(anchor =>
        {
            var (x, y) = LayerGeometry.AnchorSpot(anchor, margin, frameWidth, frameHeight, box.Width, box.Height);
            return new Spot(anchor, (double)x / frameWidth, (double)y / frameHeight);
        })];
    }

    /// <summary>The place within <see cref="Distance"/> of (<paramref name="left"/>, <paramref name="top"/>), the nearest if several; null when none is.</summary>
    public static Spot? Nearest(IReadOnlyList<Spot> spots, double left, double top)
    {
        ArgumentNullException.ThrowIfNull(spots);
        Spot? nearest = null;
        var best = double.MaxValue;
        foreach (var spot in spots)
        {
            var (dx, dy) = (Math.Abs(spot.X - left), Math.Abs(spot.Y - top));
            var distance = (dx * dx) + (dy * dy);
            if (dx <= Distance && dy <= Distance && distance < best)
            {
                (nearest, best) = (spot, distance);
            }
        }

        return nearest;
    }

    /// <summary>The places as the browser module reads them: "x,y" pairs separated by spaces, in <see cref="Anchor"/> order.</summary>
    public static string Format(IReadOnlyList<Spot> spots) =>
        string.Join(' ', spots.Select(s => string.Create(Invariant, $"{s.X:0.#####},{s.Y:0.#####}")));
}
