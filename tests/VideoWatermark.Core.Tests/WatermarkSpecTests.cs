using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests;

public sealed class WatermarkSpecTests
{
    [Fact]
    public void Defaults_reproduce_the_original_centered_own_size_opaque_seed_watermark()
    {
        var spec = new WatermarkSpec();

        Assert.Equal((ObjectKeys.DefaultWatermarkKey, Anchor.Center, 0.0, 0.0, 1.0), (spec.Image, spec.Position, spec.Margin, spec.Scale, spec.Opacity));
        Assert.Empty(spec.Problems());
        Assert.Same(spec, spec.Validated());
    }

    [Theory]
    [InlineData(0.0, 0.0, 0.0)]
    [InlineData(0.45, 1.0, 1.0)]
    [InlineData(0.1, 0.25, 0.5)]
    public void Values_at_and_inside_the_limits_are_valid(double margin, double scale, double opacity) =>
        Assert.Empty(new WatermarkSpec { Margin = margin, Scale = scale, Opacity = opacity }.Problems());

    [Theory]
    [InlineData(-0.01, 0, 1, "Margin -0.01 is out of range")]
    [InlineData(0.46, 0, 1, "Margin 0.46 is out of range")]
    [InlineData(double.NaN, 0, 1, "Margin NaN is out of range")]
    [InlineData(0, -0.5, 1, "Scale -0.5 is out of range")]
    [InlineData(0, 1.5, 1, "Scale 1.5 is out of range")]
    [InlineData(0, double.PositiveInfinity, 1, "Scale Infinity is out of range")]
    [InlineData(0, 0, -0.1, "Opacity -0.1 is out of range")]
    [InlineData(0, 0, 1.01, "Opacity 1.01 is out of range")]
    public void Out_of_range_values_are_named_in_the_problem(double margin, double scale, double opacity, string expected)
    {
        var spec = new WatermarkSpec { Margin = margin, Scale = scale, Opacity = opacity };

        var problem = Assert.Single(spec.Problems());
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => spec.Validated()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var spec = new WatermarkSpec { Image = " ", Position = (Anchor)42, Margin = 1, Scale = 2, Opacity = 3 };

        Assert.Equal(5, spec.Problems().Count);
        var message = Assert.Throws<ArgumentException>(() => spec.Validated()).Message;
        Assert.Contains("A watermark image is required.", message, StringComparison.Ordinal);
        Assert.Contains("Position must be one of top-left,", message, StringComparison.Ordinal);
    }
}
