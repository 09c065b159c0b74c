using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Templates;

public sealed class LayerGeometryTests
{
    private static TemplateLayer Image(Action<TemplateLayer>? change = null)
    {
        var layer = new TemplateLayer { Type = LayerType.Image, Image = "logo.png" };
        change?.Invoke(layer);
        return layer;
    }

    [Fact]
    public void An_image_layer_is_sized_by_its_scale_of_the_width_keeping_its_visible_parts_aspect()
    {
        // 1280x720, a 200x50 visible part at 25% of the width: 320x80, at the top-right with 36 px (5% of 720) margin.
        var box = LayerGeometry.ImageBox(Image(l => (l.Scale, l.Position, l.Margin) = (0.25, Anchor.TopRight, 0.05)), 1280, 720, 200, 50);

        Assert.Equal(new LayerBox(1280 - 36 - 320, 36, 320, 80, 0.25), box);
    }

    [Fact]
    public void At_its_own_size_an_image_layer_stands_for_its_share_of_the_frames_width()
    {
        var box = LayerGeometry.ImageBox(Image(l => l.Position = Anchor.BottomLeft), 640, 360, 160, 40);

        Assert.Equal(new LayerBox(0, 320, 160, 40, 0.25), box);
    }

    [Fact]
    public void A_rotated_image_layers_box_is_the_box_around_the_turned_image()
    {
        Assert.Equal((200, 100), LayerGeometry.Rotated(200, 100, 360));

        // 45 degrees: both sides (200 + 100) * cos 45 = 212.13, rounded up.
        Assert.Equal((213, 213), LayerGeometry.Rotated(200, 100, 45));
        var box = LayerGeometry.ImageBox(Image(l => (l.Scale, l.Rotation, l.Position) = (0.25, 45, Anchor.Center)), 800, 600, 400, 200);
        Assert.Equal(new LayerBox((800 - 213) / 2, (600 - 213) / 2, 213, 213, 0.25), box);
    }

    [Fact]
    public void A_freely_placed_layer_goes_to_its_share_of_the_frame_kept_inside_it()
    {
        var layer = Image(l => (l.X, l.Y, l.Scale) = (0.5, 0.25, 0.1));
        Assert.Equal(new LayerBox(640, 180, 128, 32, 0.1), LayerGeometry.ImageBox(layer, 1280, 720, 400, 100));

        // At x = y = 1 the layer would hang outside: the renderer keeps it against the right and bottom edges.
        layer.X = layer.Y = 1;
        Assert.Equal(new LayerBox(1280 - 128, 720 - 32, 128, 32, 0.1), LayerGeometry.ImageBox(layer, 1280, 720, 400, 100));
    }

    [Fact]
    public void A_text_layers_box_is_its_drawn_stills_size_and_its_size_is_the_layers()
    {
        var text = new TemplateLayer { Type = LayerType.Text, Text = "For {recipient}", Size = 0.06, Position = Anchor.Bottom, Margin = 0.04 };

        var box = LayerGeometry.TextBox(text, 1280, 720, 300, 60);

        // Margin 0.04 of 720 = 28.8, rounded to 29: centered across, 29 px above the bottom.
        Assert.Equal(new LayerBox(490, 720 - 29 - 60, 300, 60, 0.06), box);
    }

    [Fact]
    public void Tiled_and_moving_layers_have_no_box()
    {
        Assert.Null(LayerGeometry.ImageBox(Image(l => l.Tile = true), 1280, 720, 100, 100));
        Assert.Null(LayerGeometry.ImageBox(Image(l => l.Motion = new LayerMotion { Type = MotionKind.Hop, Period = 5 }), 1280, 720, 100, 100));
        Assert.Null(LayerGeometry.TextBox(new TemplateLayer { Type = LayerType.Text, Text = "A", Motion = new LayerMotion { Type = MotionKind.Drift, Period = 5 } }, 1280, 720, 50, 20));
        Assert.NotNull(LayerGeometry.ImageBox(Image(l => l.Motion = new LayerMotion { Type = MotionKind.None }), 1280, 720, 100, 100));
    }

    [Theory]
    [InlineData(Anchor.TopLeft, 20, 20)]
    [InlineData(Anchor.Center, 590, 335)]
    [InlineData(Anchor.BottomRight, 1160, 650)]
    public void An_anchors_spot_is_the_single_watermarks_placement_at_that_margin(Anchor anchor, int x, int y)
    {
        // Margin 20/720 of the shorter side; a 100x50 still.
        Assert.Equal((x, y), LayerGeometry.AnchorSpot(anchor, 20.0 / 720, 1280, 720, 100, 50));
        var single = Placement.Compute(1280, 720, 100, 50, new WatermarkSpec { Position = anchor, Margin = 20.0 / 720 });
        Assert.Equal((single.X, single.Y), (x, y));
    }
}
