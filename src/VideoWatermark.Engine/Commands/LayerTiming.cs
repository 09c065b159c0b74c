using System.Globalization;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine.Commands;

/// <summary>
/// When a layer shows and how opaque, as overlay <c>enable</c> expressions over one still. A fade is a few copies
/// of the still at stepped opacities, each enabled for its slice of the fade: an overlay that is not enabled costs
/// nearly nothing, while a per-frame alpha would need the still looped as a stream (about a quarter slower).
/// </summary>
internal static class LayerTiming
{
    /// <summary>Steps per second of fade, and at most this many: finer than a frame at common rates is invisible.</summary>
    private const int StepsPerSecond = 24;
    private const int MaxSteps = 12;

    public static IReadOnlyList<(string Enable, double Alpha)> Instances(TemplateLayer layer, double videoSeconds)
    {
        var start = layer.Start ?? 0;
        var end = Math.Min(layer.End ?? videoSeconds, Math.Max(videoSeconds, start));
        var window = layer.Repeat is { } r ? r.For : end - start;
        var local = layer.Repeat is { } repeat ? $"mod(t-{N(start)},{N(repeat.Every)})" : $"(t-{N(start)})";
        var shown = (layer.Start, layer.End, layer.Repeat) switch
        {
            (null, null, null) => null,
            _ => $"between(t,{N(start)},{N(end)})",
        };
        if (layer.Repeat is { } every)
        {
            shown = $"{shown ?? "1"}*lt({local},{N(every.For)})";
        }

        var list = new List<(string, double)>();
        var (fadeIn, fadeOut) = (layer.FadeIn, layer.FadeOut);
        if (fadeIn > 0)
        {
            var steps = Steps(fadeIn);
            for (var j = 0; j < steps; j++)
            {
                list.Add((And(shown, Slice(local, fadeIn * j / steps, fadeIn * (j + 1) / steps)), (j + 0.5) / steps));
            }
        }

        var full = (fadeIn, fadeOut) switch
        {
            (0, 0) => shown,
            _ => And(shown, Slice(local, fadeIn, window - fadeOut)),
        };
        list.Add((full ?? "", 1));
        if (fadeOut > 0)
        {
            var steps = Steps(fadeOut);
            for (var j = 0; j < steps; j++)
            {
                var from = window - fadeOut + (fadeOut * j / steps);
                list.Add((And(shown, Slice(local, from, from + (fadeOut / steps))), 1 - ((j + 0.5) / steps)));
            }
        }

        return list;
    }

    private static int Steps(double seconds) => Math.Clamp((int)Math.Ceiling(seconds * StepsPerSecond), 1, MaxSteps);

    private static string Slice(string local, double from, double to) => $"gte({local},{N(from)})*lt({local},{N(to)})";

    private static string And(string? a, string b) => a is null ? b : $"{a}*{b}";

    internal static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
