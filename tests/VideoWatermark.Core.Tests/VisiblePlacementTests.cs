using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests;

/// <summary>Anchor, margin and size apply to the image's visible part; the original design's placement draws it whole.</summary>
public sealed class VisiblePlacementTests
{
    // A 640x480 canvas with a 400x100 drawing at (120,190).
    private static readonly VisibleArea Drawing = new(120, 190, 400, 100);

    [Fact]
    public void Top_left_with_a_margin_puts_the_visible_part_against_the_corner_at_the_asked_width()
    {
        var placed = Placement.Place(1000, 500, 640, 480, Drawing, new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.02, Scale = 0.4 });

        Assert.Equal(Drawing, placed.Part);
        Assert.Equal(new OverlayGeometry(10, 10, 400, 100), placed.Geometry);
    }

    [Fact]
    public void At_its_own_size_the_visible_part_keeps_its_pixel_size()
    {
        var placed = Placement.Place(1920, 1080, 640, 480, Drawing, new WatermarkSpec { Position = Anchor.BottomRight });

        Assert.Equal(new OverlayGeometry(1520, 980, 400, 100), placed.Geometry);
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1280, 720)]
    [InlineData(320, 180)]
    [InlineData(180, 320)]
    public void Centered_at_its_own_size_the_whole_image_is_placed_as_before(int frameWidth, int frameHeight)
    {
        foreach (var spec in new[] { new WatermarkSpec(), new WatermarkSpec { Margin = 0.1, Opacity = 0.5 } })
        {
            var placed = Placement.Place(frameWidth, frameHeight, 640, 480, Drawing, spec);

            Assert.Equal(VisibleArea.Whole(640, 480), placed.Part);
            Assert.Equal(Placement.Compute(frameWidth, frameHeight, 640, 480, spec), placed.Geometry);
        }
    }

    [Fact]
    public void Centered_at_a_chosen_size_places_the_visible_part()
    {
        var placed = Placement.Place(1000, 500, 640, 480, Drawing, new WatermarkSpec { Scale = 0.5 });

        Assert.Equal(new OverlayGeometry(250, 187, 500, 125), placed.Geometry);
    }

    [Fact]
    public void An_unknown_or_misfitting_visible_area_places_the_whole_image()
    {
        var spec = new WatermarkSpec { Position = Anchor.TopLeft, Scale = 0.4 };

        Assert.Equal(VisibleArea.Whole(640, 480), Placement.Place(1000, 500, 640, 480, null, spec).Part);
        Assert.Equal(VisibleArea.Whole(640, 480), Placement.Place(1000, 500, 640, 480, new VisibleArea(600, 0, 100, 10), spec).Part);
    }

    [Fact]
    public void The_seed_watermarks_visible_part_is_its_text_in_the_middle_of_the_canvas()
    {
        var v = DefaultWatermark.Visible;

        Assert.True(v.FitsIn(DefaultWatermark.Width, DefaultWatermark.Height));
        Assert.InRange(v.Width, 300, 560);
        Assert.InRange(v.Height, 40, 200);
        Assert.InRange(v.X + (v.Width / 2), 300, 340);
        Assert.InRange(v.Y + (v.Height / 2), 220, 260);
    }
}
