using System.Globalization;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Templates;

/// <summary>Checks a template as a whole so one message lists every problem, each naming its layer.</summary>
internal static class TemplateValidation
{
    public const int MaxLayers = 16;
    public const int MaxTextLength = 500;
    public const int MaxNameLength = 64;

    public static IReadOnlyList<string> Problems(WatermarkTemplate template)
    {
        var problems = new List<string>();
        if (NameProblem(template.Name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }

        if (template.Layers is null || template.Layers.Count == 0)
        {
            problems.Add("A template needs at least one layer.");
            return problems;
        }

        if (template.Layers.Count > MaxLayers)
        {
            problems.Add($"A template has at most {MaxLayers} layers; this one has {template.Layers.Count}.");
        }

        for (var i = 0; i < template.Layers.Count; i++)
        {
            var layer = template.Layers[i];
            if (layer is null)
            {
                problems.Add($"Layer {i + 1} is empty.");
                continue;
            }

            var prefix = $"Layer {i + 1} ({layer.Type.ToString().ToLowerInvariant()}):";
            problems.AddRange(LayerProblems(layer).Select(p => $"{prefix} {p}"));
        }

        return problems;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name a template, or null. A name is one folder of the bucket's layout, so it
    /// has no '/' and never starts with '.'.
    /// </summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A template name is required.";
        }

        return name.Length > MaxNameLength
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            || name.StartsWith('.')
            ? $"The name '{name}' is not allowed: use up to {MaxNameLength} letters, digits, '-', '_' or '.', not starting with '.'."
            : null;
    }

    private static IEnumerable<string> LayerProblems(TemplateLayer layer)
    {
        if (!Enum.IsDefined(layer.Type))
        {
            yield return "type must be image or text.";
            yield break;
        }

        if (layer.Type == LayerType.Image)
        {
            if (string.IsNullOrWhiteSpace(layer.Image))
            {
                yield return "image is required.";
            }

            if (layer.Text is not null)
            {
                yield return "text belongs to text layers.";
            }

            foreach (var p in Range("scale", layer.Scale, 0, 1, "a share of the video's width; 0 keeps the image's own size"))
            {
                yield return p;
            }
        }
        else
        {
            if (string.IsNullOrEmpty(layer.Text))
            {
                yield return "text is required.";
            }
            else
            {
                if (layer.Text.Length > MaxTextLength)
                {
                    yield return $"text is {layer.Text.Length} characters long; at most {MaxTextLength}.";
                }
                else if (TemplateTokens.SyntaxProblem(layer.Text) is { } syntax)
                {
                    yield return syntax;
                }
            }

            if (layer.Image is not null)
            {
                yield return "image belongs to image layers.";
            }

            if (!double.IsFinite(layer.Size) || layer.Size <= 0 || layer.Size > 1)
            {
                yield return $"size {Num(layer.Size)} is out of range: use a value above 0 and up to 1 (a share of the video's height).";
            }

            if (!IsColor(layer.Color, 6))
            {
                yield return $"color '{layer.Color}' is not #RRGGBB.";
            }

            if (layer.Box is not null && !IsColor(layer.Box, 8))
            {
                yield return $"box '{layer.Box}' is not #RRGGBBAA.";
            }

            if (layer.Font is not null && (layer.Font.Length is 0 or > 100 || layer.Font.Any(char.IsControl)))
            {
                yield return "font must be a family name of up to 100 characters.";
            }
        }

        foreach (var p in Placement(layer).Concat(Timing(layer)))
        {
            yield return p;
        }

        foreach (var p in Range("opacity", layer.Opacity, 0, 1, null))
        {
            yield return p;
        }

        foreach (var p in Range("rotation", layer.Rotation, -360, 360, "degrees"))
        {
            yield return p;
        }

        if (layer.Motion is { } motion)
        {
            if (!Enum.IsDefined(motion.Type))
            {
                yield return "motion type must be none, hop or drift.";
            }
            else if (motion.Type != MotionKind.None && (!double.IsFinite(motion.Period) || motion.Period < 0.5 || motion.Period > 3600))
            {
                yield return $"motion period {Num(motion.Period)} is out of range: use 0.5 to 3600 seconds.";
            }

            if (layer.Tile && motion.Type != MotionKind.None)
            {
                yield return "a tiled layer covers the whole frame and cannot move.";
            }
        }
    }

    private static IEnumerable<string> Placement(TemplateLayer layer)
    {
        foreach (var p in Range("margin", layer.Margin, 0, WatermarkSpec.MaxMargin, "a share of the video's shorter side"))
        {
            yield return p;
        }

        if (layer.IsFreelyPlaced)
        {
            if (layer.X is null || layer.Y is null)
            {
                yield return "x and y go together.";
            }

            if (layer.Position is not null)
            {
                yield return "use either position or x/y, not both.";
            }

            foreach (var p in Range("x", layer.X ?? 0, 0, 1, "a share of the frame's width").Concat(Range("y", layer.Y ?? 0, 0, 1, "a share of the frame's height")))
            {
                yield return p;
            }

            if (layer.MotionKind == MotionKind.Hop)
            {
                yield return "a hop moves between anchors; give position instead of x/y.";
            }
        }
        else if (layer.Position is { } anchor && !Enum.IsDefined(anchor))
        {
            yield return $"position must be one of {string.Join(", ", AnchorNames.All)}.";
        }
    }

    private static IEnumerable<string> Timing(TemplateLayer layer)
    {
        if (layer.Start is { } start && (!double.IsFinite(start) || start < 0))
        {
            yield return $"start {Num(start)} must be 0 or more seconds.";
        }

        if (layer.End is { } end && (!double.IsFinite(end) || end <= (layer.Start ?? 0)))
        {
            yield return $"end {Num(end)} must come after start ({Num(layer.Start ?? 0)}).";
        }

        foreach (var p in Range("fadeIn", layer.FadeIn, 0, 3600, "seconds").Concat(Range("fadeOut", layer.FadeOut, 0, 3600, "seconds")))
        {
            yield return p;
        }

        if (layer.End is { } e && double.IsFinite(e) && e > (layer.Start ?? 0) && layer.FadeIn + layer.FadeOut > e - (layer.Start ?? 0))
        {
            yield return "fadeIn and fadeOut together are longer than the layer is shown.";
        }

        if (layer.Repeat is { } repeat)
        {
            if (!double.IsFinite(repeat.Every) || repeat.Every <= 0)
            {
                yield return "repeat.every must be more than 0 seconds.";
            }

            if (!double.IsFinite(repeat.For) || repeat.For <= 0 || repeat.For > repeat.Every)
            {
                yield return "repeat.for must be more than 0 seconds and at most repeat.every.";
            }
            else if (layer.FadeIn + layer.FadeOut > repeat.For)
            {
                yield return "fadeIn and fadeOut together are longer than repeat.for.";
            }
        }
    }

    private static IEnumerable<string> Range(string name, double value, double min, double max, string? unit)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            yield return $"{name} {Num(value)} is out of range: use {Num(min)} to {Num(max)}{(unit is null ? "" : $" ({unit})")}.";
        }
    }

    private static bool IsColor(string? text, int digits) =>
        text is not null && text.Length == digits + 1 && text[0] == '#' && text.Skip(1).All(char.IsAsciiHexDigit);

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);
}
