using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>Templates in one encode, judged from decoded pixels of the real output.</summary>
public sealed class TemplatePixelTests : EngineTestBase
{
    private static readonly DateTimeOffset Day = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private string Gray(double seconds) =>
        TestMedia.Clip(PathIn($"gray{seconds}.mp4"), new ClipOptions { Color = "0x404040", Seconds = seconds, Audio = false });

    private Task<WatermarkResult> RunAsync(string input, WatermarkTemplate template, string output = "out.mp4", Dictionary<string, string>? vars = null) =>
        Engine.ApplyTemplateAsync(new TemplateRequest(input, PathIn(output), template, TokenValues.For(Day, input, "job-1", vars), Dir));

    private static TemplateLayer Text(string text) => new() { Type = LayerType.Text, Text = text, Size = 0.15 };

    [Fact]
    public async Task An_image_and_a_timed_fading_text_each_land_at_their_place_and_time()
    {
        var input = Gray(4);
        TestMedia.TwoToneImage(PathIn("logo.png"), 64, 32);
        var template = new WatermarkTemplate
        {
            Name = "two",
            Layers =
            [
                new TemplateLayer { Type = LayerType.Image, Image = "logo.png", Position = Anchor.TopLeft, Margin = 0.05 },
                Text("WWWW") with { Position = Anchor.BottomRight, Margin = 0.05, Start = 1, End = 3, FadeIn = 0.5 },
            ],
        };

        var result = await RunAsync(input, template);

        var logo = Placement.Compute(320, 180, 64, 32, new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.05 });
        var logoRegion = new Region(logo.X, logo.Y, logo.Width, logo.Height).Inflate(-3);
        var textRegion = new Region(160, 120, 150, 55);
        var before = Frames.At(input, 0.5);
        var early = Frames.At(result.OutputPath, 0.5);
        var fading = Frames.At(result.OutputPath, 1.25);
        var full = Frames.At(result.OutputPath, 2);
        var late = Frames.At(result.OutputPath, 3.5);

        Assert.True(early.MeanColor(logoRegion.TopHalf).R > 200, "the image layer's red half, top-left");
        Assert.True(Frames.ChangedFraction(before, early, textRegion) < 0.001, "no text before start");
        Assert.True(Frames.ChangedFraction(before, late, textRegion) < 0.001, "no text after end");
        var (none, half, all) = (before.MeanLuma(textRegion), fading.MeanLuma(textRegion), full.MeanLuma(textRegion));
        Assert.True(all > none + 10, $"text shown at full opacity ({none:0.0} → {all:0.0})");
        Assert.InRange(half, none + ((all - none) * 0.3), none + ((all - none) * 0.75));
        Assert.DoesNotContain("WWWW", result.CommandLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fade_out_steps_down_through_the_opacities_of_the_fade_in_with_one_overlay_for_each()
    {
        var input = Gray(4);
        var template = new WatermarkTemplate
        {
            Name = "fades",
            Layers = [Text("WWWW") with { Position = Anchor.BottomRight, Margin = 0.05, Start = 0.5, End = 3.5, FadeIn = 0.5, FadeOut = 0.5 }],
        };

        var result = await RunAsync(input, template);

        // 0.26 s into the fade in and 0.26 s before the end: the same step of the same 12, mirrored.
        var textRegion = new Region(160, 120, 150, 55);
        var none = Frames.At(input, 2).MeanLuma(textRegion);
        var fadingIn = Frames.At(result.OutputPath, 0.76).MeanLuma(textRegion);
        var all = Frames.At(result.OutputPath, 2).MeanLuma(textRegion);
        var fadingOut = Frames.At(result.OutputPath, 3.24).MeanLuma(textRegion);
        var gone = Frames.At(result.OutputPath, 3.76).MeanLuma(textRegion);

        Assert.True(all > none + 10, $"text shown at full opacity ({none:0.0} → {all:0.0})");
        Assert.InRange(fadingIn, none + ((all - none) * 0.3), none + ((all - none) * 0.75));
        Assert.InRange(fadingOut, fadingIn - 2, fadingIn + 2);
        Assert.InRange(gone, none - 1, none + 1);
        Assert.Equal(13, result.CommandLine.Split("overlay=").Length - 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_drawn_layer_at_half_opacity_adds_half_the_light_of_the_same_layer_opaque(bool tile)
    {
        var input = Gray(1);
        WatermarkTemplate At(double opacity) => new() { Name = "half", Layers = [Text("WWWW") with { Size = 0.3, Tile = tile, Opacity = opacity }] };

        var opaque = Frames.At((await RunAsync(input, At(1), "opaque.mp4")).OutputPath, 0.5);
        var half = Frames.At((await RunAsync(input, At(0.5), "half.mp4")).OutputPath, 0.5);

        var none = Frames.At(input, 0.5).MeanLuma(opaque.Whole);
        var share = (half.MeanLuma(opaque.Whole) - none) / (opaque.MeanLuma(opaque.Whole) - none);
        Assert.InRange(share, 0.42, 0.58);
    }

    [Fact]
    public async Task A_hopping_layer_is_somewhere_else_one_period_later()
    {
        var input = Gray(2.5);
        var template = new WatermarkTemplate { Name = "hop", Layers = [Text("HOP") with { Position = Anchor.TopLeft, Motion = new LayerMotion { Type = MotionKind.Hop, Period = 1 } }] };

        var result = await RunAsync(input, template);

        var before = Frames.At(input, 0.5);
        var (topLeft, topRight) = (new Region(0, 0, 120, 50), new Region(200, 0, 120, 50));
        var first = Frames.At(result.OutputPath, 0.5);
        var second = Frames.At(result.OutputPath, 1.5);
        Assert.True(Frames.ChangedFraction(before, first, topLeft) > 0.05 && Frames.ChangedFraction(before, first, topRight) < 0.001, "at its anchor first");
        Assert.True(Frames.ChangedFraction(before, second, topRight) > 0.05 && Frames.ChangedFraction(before, second, topLeft) < 0.001, "one corner on, a period later");
    }

    [Fact]
    public async Task A_tiled_layer_covers_every_part_of_the_frame()
    {
        var input = Gray(1);
        var template = new WatermarkTemplate { Name = "tile", Layers = [Text("CONFIDENTIAL") with { Size = 0.06, Tile = true, Rotation = -30 }] };

        var result = await RunAsync(input, template);

        var before = Frames.At(input, 0.5);
        var after = Frames.At(result.OutputPath, 0.5);
        for (var qx = 0; qx < 4; qx++)
        {
            for (var qy = 0; qy < 3; qy++)
            {
                var cell = new Region(qx * 80, qy * 60, 80, 60);
                Assert.True(Frames.ChangedFraction(before, after, cell) > 0.02, $"tile ink in {cell}");
            }
        }
    }

    [Fact]
    public async Task Two_recipients_give_outputs_that_differ_only_where_the_text_is()
    {
        var input = Gray(1);
        var template = new WatermarkTemplate { Name = "for", Layers = [Text("For {recipient}") with { Position = Anchor.Bottom, Margin = 0.05, Size = 0.1 }] };

        var ana = Frames.At((await RunAsync(input, template, "ana.mp4", new() { ["recipient"] = "Ana Díaz" })).OutputPath, 0.5);
        var bob = Frames.At((await RunAsync(input, template, "bob.mp4", new() { ["recipient"] = "Bob O'Brien %{localtime}" })).OutputPath, 0.5);

        var textBand = new Region(0, 120, 320, 60);
        Assert.True(Frames.ChangedFraction(ana, bob, textBand) > 0.01, "the names differ");
        Assert.True(Frames.ChangedFractionOutside(ana, bob, textBand) < 0.001, "nothing else does");
    }

    [Fact]
    public async Task A_missing_token_and_a_missing_glyph_refuse_before_any_output_naming_them()
    {
        var input = Gray(1);
        var missing = new WatermarkTemplate { Name = "m", Layers = [Text("For {recipient}")] };
        var glyph = new WatermarkTemplate { Name = "g", Layers = [Text("Ana \U00018B00")] };

        var token = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync(input, missing));
        var character = await Assert.ThrowsAsync<InvalidInputException>(() => RunAsync(input, glyph));

        Assert.Contains("{recipient}", token.Message, StringComparison.Ordinal);
        Assert.Contains("U+18B00", character.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("out.mp4")));
        Assert.Empty(FilesNamed(n => n.EndsWith(".partial", StringComparison.Ordinal)));
    }
}
