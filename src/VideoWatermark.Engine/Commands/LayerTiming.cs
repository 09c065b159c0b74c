using System.Globalization;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine.Commands;

/// <summary>
/// When a layer shows and how opaque, as overlay <c>enable</c> expressions over one still. A fade is a few copies
/// of the still at stepped opacities, each enabled for its slice of the fade: an overlay that is not enabled costs
/// nearly nothing, while a per-frame alpha would need the still looped as a stream (about a quarter slower). A fade
/// out of the same length steps through the same opacities as the fade in, so each copy serves its slice of both:
/// every overlay in the chain is paid for on every frame, shown or not.
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

        var (fadeIn, fadeOut) = (layer.FadeIn, layer.FadeOut);
        if (fadeIn <= 0 && fadeOut <= 0)
        {
            return [(shown ?? "", 1)];
        }

        // Opacity levels in order of first use, each with the slices of the layer's window it is shown in.
        var levels = new List<(double Alpha, List<string> Slices)>();
        void Show(double alpha, string slice)
        {
            var index = levels.FindIndex(l => l.Alpha == alpha);
            if (index < 0)
            {
                levels.Add((alpha, [slice]));
            }
            else
            {
                levels[index].Slices.Add(slice);
            }
        }

        if (fadeIn > 0)
        {
            var steps = Steps(fadeIn);
            for (var j = 0; j < steps; j++)
            {
                Show(Level(j, steps), Slice(local, fadeIn * j / steps, fadeIn * (j + 1) / steps));
            }
        }

        Show(1, Slice(local, fadeIn, window - fadeOut));
        if (fadeOut > 0)
        {
            var steps = Steps(fadeOut);
            for (var j = 0; j < steps; j++)
            {
                var from = window - fadeOut + (fadeOut * j / steps);
                Show(Level(steps - 1 - j, steps), Slice(local, from, from + (fadeOut / steps)));
            }
        }

        return levels.Select(l => (And(shown, l.Slices.Count == 1 ? l.Slices[0] : $"({string.Join('+', l.Slices)})"), l.Alpha)).ToList();
    }

    /// <summary>The opacity of step <paramref name="j"/> of a fade in of <paramref name="steps"/>: the middle of its slice.</summary>
    private static double Level(int j, int steps) => (j + 0.5) / steps;

    private static int Steps(double seconds) => Math.Clamp((int)Math.Ceiling(seconds * StepsPerSecond), 1, MaxSteps);

    private static string Slice(string local, double from, double to) => $"gte({local},{N(from)})*lt({local},{N(to)})";

    private static string And(string? a, string b) => a is null ? b : $"{a}*{b}";

    internal static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
