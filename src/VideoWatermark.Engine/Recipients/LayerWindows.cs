using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine.Recipients;

/// <summary>
/// When a layer is on the picture, as spans of the video's time (seconds from the file's start, as the filters see
/// it): its <c>start</c>/<c>end</c> window, or each <c>repeat</c> of it, fades included (a fade is inside its window).
/// Motion moves a layer within its window and does not change it. The same rules as <c>Commands/LayerTiming</c>'s
/// <c>enable</c> expressions.
/// </summary>
internal static class LayerWindows
{
    /// <summary>
    /// The spans the layer shows in, each closed at both ends, in order, up to <paramref name="untilSeconds"/>; null
    /// when it has no start, end or repeat: it is on every frame.
    /// </summary>
    public static IReadOnlyList<(double From, double To)>? For(TemplateLayer layer, double untilSeconds)
    {
        if (layer.Start is null && layer.End is null && layer.Repeat is null)
        {
            return null;
        }

        // An end left out means the video's end; beyond the last frame nothing shows, so the last frame's end bounds it.
        var start = layer.Start ?? 0;
        var end = layer.End ?? double.MaxValue;
        if (layer.Repeat is not { Every: > 0 } repeat)
        {
            return end >= start ? [(start, Math.Min(end, untilSeconds))] : [];
        }

        var spans = new List<(double, double)>();
        for (var k = 0; ; k++)
        {
            var from = start + (k * repeat.Every);
            if (from > end || from > untilSeconds)
            {
                break;
            }

            spans.Add((from, Math.Min(Math.Min(from + repeat.For, end), untilSeconds)));
        }

        return spans;
    }
}
