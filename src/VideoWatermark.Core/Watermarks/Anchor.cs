namespace VideoWatermark.Core.Watermarks;

/// <summary>Where the watermark sits in the frame: one of nine anchors.</summary>
public enum Anchor
{
    TopLeft,
    Top,
    TopRight,
    Left,
    Center,
    Right,
    BottomLeft,
    Bottom,
    BottomRight,
}

public static class AnchorNames
{
    private static readonly Dictionary<string, Anchor> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["top-left"] = Anchor.TopLeft,
        ["top"] = Anchor.Top,
        ["top-right"] = Anchor.TopRight,
        ["left"] = Anchor.Left,
        ["center"] = Anchor.Center,
        ["right"] = Anchor.Right,
        ["bottom-left"] = Anchor.BottomLeft,
        ["bottom"] = Anchor.Bottom,
        ["bottom-right"] = Anchor.BottomRight,
    };

    /// <summary>All anchors by their kebab-case name, in reading order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ByName.Keys];

    /// <summary>The kebab-case name used on the command line, in the API and in job records.</summary>
    public static string ToName(this Anchor anchor) => ByName.First(p => p.Value == anchor).Key;

    /// <summary>Parses "bottom-right", "BottomRight" or "bottom_right".</summary>
    public static bool TryParse(string? text, out Anchor anchor)
    {
        anchor = Anchor.Center;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var normalized = text.Trim().Replace('_', '-');
        if (ByName.TryGetValue(normalized, out anchor))
        {
            return true;
        }

        return Enum.TryParse(normalized.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out anchor)
            && Enum.IsDefined(anchor);
    }

    public static Anchor Parse(string text) => TryParse(text, out var anchor)
        ? anchor
        : throw new ArgumentException($"Unknown position '{text}': use one of {string.Join(", ", All)}.", nameof(text));
}
