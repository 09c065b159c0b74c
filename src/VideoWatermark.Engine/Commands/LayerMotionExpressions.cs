using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using static VideoWatermark.Engine.Commands.LayerTiming;

namespace VideoWatermark.Engine.Commands;

/// <summary>A layer's top-left corner as overlay <c>x</c>/<c>y</c> expressions: fixed, hopping or drifting.</summary>
internal static class LayerMotionExpressions
{
    /// <summary>After its own anchor a hopping layer visits the corners in turn, so no single crop removes it.</summary>
    private static readonly Anchor[] Corners = [Anchor.TopLeft, Anchor.TopRight, Anchor.BottomRight, Anchor.BottomLeft];

    public static (string X, string Y) For(TemplateLayer layer, int frameWidth, int frameHeight, int width, int height)
    {
        if (layer.Tile)
        {
            return ("0", "0");
        }

        if (layer.IsFreelyPlaced)
        {
            var (x, y) = LayerGeometry.TopLeft(layer, frameWidth, frameHeight, width, height);
            return (N(x), N(y));
        }

        var anchors = layer.MotionKind == MotionKind.Hop ? [layer.Anchor, .. Corners.Where(c => c != layer.Anchor)] : new[] { layer.Anchor };
        var spots = anchors.Select(a => LayerGeometry.AnchorSpot(a, layer.Margin, frameWidth, frameHeight, width, height)).ToList();
        var period = layer.Motion?.Period ?? 1;
        switch (layer.MotionKind)
        {
            case MotionKind.Hop:
                var index = $"mod(floor(t/{N(period)}),{spots.Count})";
                return (Pick(index, spots.Select(s => s.X).ToList()), Pick(index, spots.Select(s => s.Y).ToList()));
            case MotionKind.Drift:
                var margin = (int)Math.Round(layer.Margin * Math.Min(frameWidth, frameHeight));
                var roomX = Math.Max(0, frameWidth - width - (2 * margin));
                var roomY = Math.Max(0, frameHeight - height - (2 * margin));
                // A triangle wave across and back once per period; the vertical one runs at another rate so the
                // path does not retrace a single diagonal.
                return ($"{N(margin)}+{N(roomX)}*(1-abs(2*mod(t/{N(period)},1)-1))", $"{N(margin)}+{N(roomY)}*(1-abs(2*mod(t/{N(period * 1.618)}+0.25,1)-1))");
            default:
                return (N(spots[0].X), N(spots[0].Y));
        }
    }

    private static string Pick(string index, IReadOnlyList<int> values) =>
        values.Skip(1).Select((v, i) => (v, i: i + 1)).Reverse()
            .Aggregate(N(values[0]), (rest, p) => $"if(eq({index},{p.i}),{N(p.v)},{rest})");
}
