using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Engine.Tests;

/// <summary>The watermark lands, in decoded pixels, exactly where Placement.Compute says, and nowhere else.</summary>
public sealed class PlacementPixelTests : EngineTestBase
{
    public static TheoryData<string> Anchors() => [.. AnchorNames.All];

    [Theory]
    [MemberData(nameof(Anchors))]
    public async Task Opaque_watermark_changes_only_its_computed_rectangle(string anchorName)
    {
        var input = TestMedia.Clip(PathIn("flat.mp4"), new ClipOptions { Color = "0x404040", Seconds = 1, Audio = false });
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        var spec = new WatermarkSpec { Position = AnchorNames.Parse(anchorName), Margin = 0.05 };

        var result = await ApplyAsync(input, mark, spec);

        var g = Placement.Compute(320, 180, 64, 32, spec);
        var region = new Region(g.X, g.Y, g.Width, g.Height);
        var before = Frames.At(input, 0.5);
        var after = Frames.At(result.OutputPath, 0.5);
        Assert.True(Frames.ChangedFraction(before, after, region.Inflate(-2)) > 0.98, "the watermark's rectangle should change");
        Assert.True(Frames.ChangedFractionOutside(before, after, region.Inflate(2)) < 0.001, "nothing outside it should change");
        Assert.True(after.MeanColor(region.TopHalf.Inflate(-3)).R > 200, "red half on top");
        Assert.True(after.MeanColor(region.BottomHalf.Inflate(-3)).B > 200, "blue half below");
    }

    [Fact]
    public async Task Default_spec_reproduces_the_original_centered_seed_watermark_scaled_to_fit()
    {
        var input = TestMedia.Clip(PathIn("flat.mp4"), new ClipOptions { Color = "0x202020", Seconds = 1, Audio = false });

        var result = await ApplyAsync(input, SeedWatermark());

        // 640x480 does not fit 320x180: shrunk to 240x180 and centred.
        var g = Placement.Compute(320, 180, DefaultWatermark.Width, DefaultWatermark.Height, new WatermarkSpec());
        Assert.Equal(new OverlayGeometry(40, 0, 240, 180), g);
        var region = new Region(g.X, g.Y, g.Width, g.Height);
        var before = Frames.At(input, 0.5);
        var after = Frames.At(result.OutputPath, 0.5);
        // The seed is thin text (under 3% of its pixels, 60% opaque): some of the box changes, and only brighter.
        Assert.True(Frames.ChangedFraction(before, after, region) > 0.015, "the text should show in its box");
        Assert.True(after.MeanLuma(region) > before.MeanLuma(region) + 1.5, "the white text brightens its box");
        Assert.True(Frames.ChangedFractionOutside(before, after, region.Inflate(2)) < 0.001);
    }

    [Fact]
    public async Task Lower_opacity_blends_the_watermark_toward_the_video()
    {
        var input = TestMedia.Clip(PathIn("flat.mp4"), new ClipOptions { Color = "0x404040", Seconds = 1, Audio = false });
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        var spec = new WatermarkSpec { Position = Anchor.Center };
        var g = Placement.Compute(320, 180, 64, 32, spec);
        var top = new Region(g.X, g.Y, g.Width, g.Height).TopHalf.Inflate(-3);

        var full = Frames.At((await ApplyAsync(input, mark, spec, "full.mp4")).OutputPath, 0.5).MeanColor(top).R;
        var half = Frames.At((await ApplyAsync(input, mark, spec with { Opacity = 0.5 }, "half.mp4")).OutputPath, 0.5).MeanColor(top).R;
        var none = Frames.At((await ApplyAsync(input, mark, spec with { Opacity = 0 }, "none.mp4")).OutputPath, 0.5).MeanColor(top).R;

        Assert.InRange(full, 230, 255);
        Assert.InRange(half, 0.5 * (full + 0x40) - 12, 0.5 * (full + 0x40) + 12);
        Assert.InRange(none, 0x40 - 6, 0x40 + 6);
    }

    [Fact]
    public async Task Scale_sets_the_watermark_width_as_a_fraction_of_the_frame()
    {
        var input = TestMedia.Clip(PathIn("flat.mp4"), new ClipOptions { Color = "0x404040", Seconds = 1, Audio = false });
        var mark = TestMedia.TwoToneImage(PathIn("mark.png"), 64, 32);
        var before = Frames.At(input, 0.5);

        var small = Frames.At((await ApplyAsync(input, mark, new WatermarkSpec { Scale = 0.25 }, "small.mp4")).OutputPath, 0.5);
        var large = Frames.At((await ApplyAsync(input, mark, new WatermarkSpec { Scale = 0.5 }, "large.mp4")).OutputPath, 0.5);

        var changedSmall = Frames.ChangedFraction(before, small, before.Whole);
        var changedLarge = Frames.ChangedFraction(before, large, before.Whole);
        Assert.InRange(changedSmall, 0.9 * (80.0 * 40 / (320 * 180)), 1.1 * (80.0 * 40 / (320 * 180)));
        Assert.InRange(changedLarge, 0.9 * (160.0 * 80 / (320 * 180)), 1.1 * (160.0 * 80 / (320 * 180)));
    }
}
