using System.Globalization;

namespace VideoWatermark.Core.Watermarks;

/// <summary>
/// What to stamp and how. <see cref="Image"/> is an object key (<c>watermarks/…</c>) in a job and a local file path
/// inside the engine. The defaults reproduce the original design exactly: the seed watermark, centered, at its own
/// size, fully opaque.
/// </summary>
public sealed record WatermarkSpec
{
    public const double MaxMargin = 0.45;

    public string Image { get; init; } = ObjectKeys.DefaultWatermarkKey;

    public Anchor Position { get; init; } = Anchor.Center;

    /// <summary>Gap between the watermark and the frame's edges, as a fraction of the video's shorter side.</summary>
    public double Margin { get; init; }

    /// <summary>Watermark width as a fraction of the video's width; 0 keeps the image's own size.</summary>
    public double Scale { get; init; }

    /// <summary>0 (invisible) to 1 (as drawn in the image).</summary>
    public double Opacity { get; init; } = 1.0;

    /// <summary>Every reason this spec cannot be used, one sentence each; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Image))
        {
            problems.Add("A watermark image is required.");
        }

        if (!Enum.IsDefined(Position))
        {
            problems.Add($"Position must be one of {string.Join(", ", AnchorNames.All)}.");
        }

        if (!double.IsFinite(Margin) || Margin < 0 || Margin > MaxMargin)
        {
            problems.Add(Describe("Margin", Margin, $"between 0 and {MaxMargin.ToString(CultureInfo.InvariantCulture)} (a fraction of the video's shorter side)"));
        }

        if (!double.IsFinite(Scale) || Scale < 0 || Scale > 1)
        {
            problems.Add(Describe("Scale", Scale, "between 0 and 1 (a fraction of the video's width; 0 keeps the image's own size)"));
        }

        if (!double.IsFinite(Opacity) || Opacity < 0 || Opacity > 1)
        {
            problems.Add(Describe("Opacity", Opacity, "between 0 and 1"));
        }

        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> with every problem in one message.</summary>
    public WatermarkSpec Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join(" ", problems));
    }

    private static string Describe(string name, double value, string range) =>
        $"{name} {value.ToString(CultureInfo.InvariantCulture)} is out of range: use a value {range}.";
}
