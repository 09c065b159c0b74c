using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>Free placement, rotation, repeat and drift of template layers, judged from decoded pixels of the output.</summary>
public sealed class TemplatePlacementPixelTests : EngineTestBase
{
    private static readonly DateTimeOffset Day = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private string Gray(double seconds) =>
        TestMedia.Clip(PathIn($"gray{seconds}.mp4"), new ClipOptions { Color = "0x404040", Seconds = seconds, Audio = false });

    private async Task<string> RunAsync(string input, TemplateLayer layer, string output)
    {
        var template = new WatermarkTemplate { Name = "t", Layers = [layer] };
        var result = await Engine.ApplyTemplateAsync(new TemplateRequest(input, PathIn(output), template, TokenValues.For(Day, input, "job-1", null), Dir));
        return result.OutputPath;
    }

    private static TemplateLayer Text(string text, double size = 0.15) => new() { Type = LayerType.Text, Text = text, Size = size };

    [Fact]
    public async Task A_freely_placed_layer_has_its_top_left_corner_at_x_and_y()
    {
        var input = Gray(1);

        var output = await RunAsync(input, Text("XY") with { X = 0.6, Y = 0.1 }, "xy.mp4");

        var before = Frames.At(input, 0.5);
        var after = Frames.At(output, 0.5);
        var corner = new Region(192, 18, 128, 50);
        Assert.True(Frames.ChangedFraction(before, after, corner) > 0.03, "the text starts at 60% of the width and 10% of the height");
        Assert.True(Frames.ChangedFractionOutside(before, after, corner.Inflate(4)) < 0.001, "and is nowhere else");
    }

    [Fact]
    public async Task A_layer_rotated_a_quarter_turn_stands_upright_across_the_center()
    {
        var input = Gray(1);

        var flat = Frames.At(await RunAsync(input, Text("HHHHHHHHHH", 0.1), "flat.mp4"), 0.5);
        var turned = Frames.At(await RunAsync(input, Text("HHHHHHHHHH", 0.1) with { Rotation = 90 }, "turned.mp4"), 0.5);

        var before = Frames.At(input, 0.5);
        var (across, upright) = (InkBox(before, flat), InkBox(before, turned));
        Assert.True(across.Width > 3 * across.Height, $"unrotated, the line runs across: {across}");
        Assert.True(upright.Height > 3 * upright.Width, $"turned, it runs up and down: {upright}");
        Assert.InRange(upright.X + (upright.Width / 2), 150, 170);
        Assert.InRange(upright.Y + (upright.Height / 2), 80, 100);
    }

    /// <summary>The smallest region holding every pixel that changed clearly between the two frames.</summary>
    private static Region InkBox(RgbFrame before, RgbFrame after)
    {
        var (left, top, right, bottom) = (int.MaxValue, int.MaxValue, -1, -1);
        for (var y = 0; y < before.Height; y++)
        {
            for (var x = 0; x < before.Width; x++)
            {
                var (a, b) = (before[x, y], after[x, y]);
                if (Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B) > 72)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        Assert.True(right >= 0, "something was drawn");
        return new Region(left, top, right - left + 1, bottom - top + 1);
    }

    [Fact]
    public async Task A_repeating_layer_shows_for_its_span_at_the_start_of_every_period_only()
    {
        var input = Gray(2.5);

        var output = await RunAsync(input, Text("REPEAT") with { Repeat = new LayerRepeat { Every = 1, For = 0.5 } }, "repeat.mp4");

        var before = Frames.At(input, 0.5);
        var center = new Region(60, 50, 200, 80);
        foreach (var shown in new[] { 0.25, 1.25, 2.25 })
        {
            Assert.True(Frames.ChangedFraction(before, Frames.At(output, shown), center) > 0.03, $"shown at {shown} s");
        }

        foreach (var hidden in new[] { 0.75, 1.75 })
        {
            Assert.True(Frames.ChangedFraction(before, Frames.At(output, hidden), center) < 0.001, $"hidden at {hidden} s");
        }
    }

    [Fact]
    public async Task A_drifting_layer_glides_somewhere_else_within_its_period_and_stays_in_the_frame()
    {
        var input = Gray(2);

        var output = await RunAsync(input, Text("DRIFT", 0.1) with { Position = Anchor.TopLeft, Motion = new LayerMotion { Type = MotionKind.Drift, Period = 2 } }, "drift.mp4");

        var before = Frames.At(input, 0.5);
        var early = Frames.At(output, 0.25);
        var later = Frames.At(output, 0.75);
        Assert.True(Frames.ChangedFraction(before, early, before.Whole) > 0.005, "drawn at 0.25 s");
        Assert.True(Frames.ChangedFraction(before, later, before.Whole) > 0.005, "still drawn, inside the frame, at 0.75 s");
        Assert.True(Frames.ChangedFraction(early, later, before.Whole) > 0.005, "in another place half a second later");
    }
}
