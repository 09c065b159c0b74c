using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Templates;

public sealed class TemplateValidationTests
{
    private static readonly TemplateLayer Text = new() { Type = LayerType.Text, Text = "CONFIDENTIAL" };

    private static WatermarkTemplate With(params TemplateLayer[] layers) => new() { Name = "t", Layers = layers };

    [Fact]
    public void Every_problem_is_listed_in_one_message_naming_its_layer()
    {
        var template = new WatermarkTemplate
        {
            Name = "../evil",
            Layers =
            [
                new TemplateLayer { Type = LayerType.Image, Opacity = 2 },
                Text with { Color = "white", Start = 10, End = 5 },
            ],
        };

        var message = Assert.Throws<InvalidInputException>(() => template.Validated()).Message;

        Assert.Contains("The name '../evil' is not allowed", message, StringComparison.Ordinal);
        Assert.Contains("Layer 1 (image): image is required.", message, StringComparison.Ordinal);
        Assert.Contains("Layer 1 (image): opacity 2 is out of range", message, StringComparison.Ordinal);
        Assert.Contains("Layer 2 (text): color 'white' is not #RRGGBB.", message, StringComparison.Ordinal);
        Assert.Contains("Layer 2 (text): end 5 must come after start (10).", message, StringComparison.Ordinal);
        Assert.Equal(5, template.Problems().Count);
    }

    public static TheoryData<TemplateLayer, string> Bad => new()
    {
        { Text with { Size = 0 }, "size 0 is out of range" },
        { Text with { Box = "#000000" }, "box '#000000' is not #RRGGBBAA." },
        { Text with { Text = "" }, "text is required." },
        { Text with { Text = new string('x', 501) }, "text is 501 characters long; at most 500." },
        { Text with { Text = "Hi {name" }, "is not closed" },
        { Text with { Text = "Hi }" }, "has no '{'" },
        { Text with { Text = "{na me}" }, "is not a token name" },
        { Text with { X = 0.5 }, "x and y go together." },
        { Text with { X = 0.5, Y = 0.5, Position = Anchor.Top }, "use either position or x/y, not both." },
        { Text with { X = 1.5, Y = 0.5 }, "x 1.5 is out of range" },
        { Text with { Margin = 0.5 }, "margin 0.5 is out of range" },
        { Text with { Rotation = double.NaN }, "rotation NaN is out of range" },
        { Text with { Start = -1 }, "start -1 must be 0 or more seconds." },
        { Text with { Start = 0, End = 1, FadeIn = 0.6, FadeOut = 0.6 }, "longer than the layer is shown" },
        { Text with { Repeat = new LayerRepeat { Every = 10, For = 20 } }, "repeat.for must be more than 0 seconds and at most repeat.every." },
        { Text with { Motion = new LayerMotion { Type = MotionKind.Drift, Period = 0 } }, "motion period 0 is out of range" },
        { Text with { Tile = true, Motion = new LayerMotion { Type = MotionKind.Hop } }, "a tiled layer covers the whole frame and cannot move." },
        { Text with { X = 0.1, Y = 0.1, Motion = new LayerMotion { Type = MotionKind.Hop } }, "give position instead of x/y" },
        { new TemplateLayer { Type = LayerType.Image, Image = "a.png", Text = "hi" }, "text belongs to text layers." },
        { new TemplateLayer { Type = LayerType.Image, Image = "a.png", Scale = 1.5 }, "scale 1.5 is out of range" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_bad_field_is_named(TemplateLayer layer, string expected)
    {
        var problem = Assert.Single(With(layer).Problems());
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_without_layers_or_with_too_many_is_refused()
    {
        Assert.Contains("at least one layer", Assert.Single(With().Problems()), StringComparison.Ordinal);
        Assert.Contains("at most 16 layers", Assert.Single(With([.. Enumerable.Repeat(Text, 17)]).Problems()), StringComparison.Ordinal);
    }

    [Fact]
    public void Free_placement_timing_repeat_and_drift_together_are_valid()
    {
        var layer = Text with
        {
            X = 0.1,
            Y = 0.9,
            Start = 1,
            End = 20,
            FadeIn = 1,
            FadeOut = 1,
            Box = "#00000080",
            Repeat = new LayerRepeat { Every = 6, For = 3 },
            Motion = new LayerMotion { Type = MotionKind.Drift, Period = 8 },
        };

        Assert.Empty(With(layer).Problems());
    }
}
