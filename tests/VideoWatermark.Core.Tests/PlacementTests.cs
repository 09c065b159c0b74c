using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests;

public sealed class PlacementTests
{
    [Fact]
    public void Default_spec_centers_the_image_at_its_own_size_like_the_original()
    {
        // The original: overlay=x=(main_w-overlay_w)/2:y=(main_h-overlay_h)/2 with the 640x480 seed on 1920x1080.
        Assert.Equal(new OverlayGeometry(640, 300, 640, 480), Placement.Compute(1920, 1080, 640, 480, new WatermarkSpec()));
        Assert.Equal(new OverlayGeometry(320, 120, 640, 480), Placement.Compute(1280, 720, 640, 480, new WatermarkSpec()));
    }

    [Fact]
    public void A_watermark_larger_than_the_frame_shrinks_to_fit_keeping_its_aspect()
    {
        Assert.Equal(new OverlayGeometry(40, 0, 240, 180), Placement.Compute(320, 180, 640, 480, new WatermarkSpec()));
        Assert.Equal(new OverlayGeometry(0, 92, 180, 135), Placement.Compute(180, 320, 640, 480, new WatermarkSpec()));
    }

    [Theory]
    [InlineData(Anchor.TopLeft, 36, 36)]
    [InlineData(Anchor.Top, 820, 36)]
    [InlineData(Anchor.TopRight, 1604, 36)]
    [InlineData(Anchor.Left, 36, 490)]
    [InlineData(Anchor.Center, 820, 490)]
    [InlineData(Anchor.Right, 1604, 490)]
    [InlineData(Anchor.BottomLeft, 36, 944)]
    [InlineData(Anchor.Bottom, 820, 944)]
    [InlineData(Anchor.BottomRight, 1604, 944)]
    public void Each_anchor_places_the_image_against_its_edges_with_the_margin(Anchor anchor, int x, int y)
    {
        // 1920x1080, margin 0.0333 of 1080 = 36 px, a 280x100 image at its own size.
        var g = Placement.Compute(1920, 1080, 280, 100, new WatermarkSpec { Position = anchor, Margin = 1.0 / 30 });

        Assert.Equal(new OverlayGeometry(x, y, 280, 100), g);
    }

    [Fact]
    public void Scale_is_a_fraction_of_the_frame_width_and_keeps_the_aspect_ratio()
    {
        Assert.Equal(new OverlayGeometry(0, 0, 480, 360), Placement.Compute(1920, 1080, 640, 480, new WatermarkSpec { Position = Anchor.TopLeft, Scale = 0.25 }));
        var full = Placement.Compute(1280, 720, 64, 48, new WatermarkSpec { Position = Anchor.TopLeft, Scale = 1 });
        Assert.Equal(new OverlayGeometry(0, 0, 960, 720), full); // width 1280 would be 960 tall: shrunk to fit
    }

    [Fact]
    public void Placement_stays_inside_the_frame_for_every_anchor_margin_scale_and_size()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 20_000; i++)
        {
            var frameW = random.Next(1, 4000);
            var frameH = random.Next(1, 4000);
            var imageW = random.Next(1, 5000);
            var imageH = random.Next(1, 5000);
            var spec = new WatermarkSpec
            {
                Position = (Anchor)random.Next(9),
                Margin = random.NextDouble() * WatermarkSpec.MaxMargin,
                Scale = random.Next(3) == 0 ? 0 : random.NextDouble(),
            };

            var g = Placement.Compute(frameW, frameH, imageW, imageH, spec);

            var where = $"{frameW}x{frameH} image {imageW}x{imageH} {spec} -> {g}";
            Assert.True(g.Width >= 1 && g.Height >= 1, where);
            Assert.True(g.X >= 0 && g.Y >= 0 && g.X + g.Width <= frameW && g.Y + g.Height <= frameH, where);
            var margin = (int)Math.Round(spec.Margin * Math.Min(frameW, frameH));
            if (g.Width > 1 && g.Height > 1 && frameW > 2 * margin && frameH > 2 * margin)
            {
                Assert.True(g.X >= margin && g.Y >= margin && g.X + g.Width <= frameW - margin && g.Y + g.Height <= frameH - margin, where);
            }

            if (g.Width >= 20 && g.Height >= 20)
            {
                var aspect = (double)imageW / imageH;
                Assert.InRange((double)g.Width / g.Height, aspect * 0.9, aspect * 1.1);
            }
        }
    }

    [Fact]
    public void Invalid_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Placement.Compute(0, 100, 10, 10, new WatermarkSpec()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Placement.Compute(100, 100, 10, 0, new WatermarkSpec()));
        Assert.Throws<ArgumentException>(() => Placement.Compute(100, 100, 10, 10, new WatermarkSpec { Opacity = 2 }));
    }
}
