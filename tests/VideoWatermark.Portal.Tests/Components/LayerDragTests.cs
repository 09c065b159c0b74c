using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.TemplateEditing;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>What a box let go on the preview does to its layer: snap, free placement, size, each within the format's limits.</summary>
public sealed class LayerDragTests
{
    // A 128x72 box on a 1280x720 frame: a tenth of each side.
    private static readonly LayerBox Box = new(100, 100, 128, 72, 0.1);

    private static TemplateLayer Image() => new() { Type = LayerType.Image, Image = "logo.png", Position = Anchor.TopRight, Margin = 0.05, Scale = 0.1 };

    [Fact]
    public void The_anchors_spots_are_where_the_renderer_puts_a_box_of_that_size_at_the_layers_margin()
    {
        var spots = LayerSnap.Spots(0.05, Box, 1280, 720);

        Assert.Equal(Enum.GetValues<Anchor>(), spots.Select(s => s.Anchor));
        // Margin 5% of 720 = 36 px.
        Assert.Equal(new LayerSnap.Spot(Anchor.TopLeft, 36 / 1280.0, 36 / 720.0), spots[0]);
        Assert.Equal(new LayerSnap.Spot(Anchor.Center, 576 / 1280.0, 324 / 720.0), spots[4]);
        Assert.Equal(new LayerSnap.Spot(Anchor.BottomRight, (1280 - 36 - 128) / 1280.0, (720 - 36 - 72) / 720.0), spots[8]);
        Assert.Contains(" 0.45,0.05 ", LayerSnap.Format(spots), StringComparison.Ordinal);
    }

    [Fact]
    public void A_box_let_go_near_an_anchor_snaps_to_it_and_keeps_its_margin()
    {
        var layer = Image();
        layer.Place(LayerEdits.Free);
        layer.X = 0.3;
        layer.Y = 0.3;

        // Bottom-left is at (0.028, 0.85); let go 4% of the width right of it and 5% of the height above.
        new LayerMoved(0, Box, 1280, 720, 0.068, 0.8).Apply(layer);

        Assert.Equal(Anchor.BottomLeft, layer.Position);
        Assert.Null(layer.X);
        Assert.Null(layer.Y);
        Assert.Equal(0.05, layer.Margin);
        Assert.Equal("bottom-left", layer.PlacementName());
    }

    [Fact]
    public void Between_two_anchors_within_reach_the_nearer_one_wins()
    {
        // A box as wide as 90% of the frame: left, center and right are 0.05 apart across.
        var wide = new LayerBox(0, 0, 1152, 72, 0.9);
        var spots = LayerSnap.Spots(0, wide, 1280, 720);
        Assert.Equal(Anchor.TopLeft, LayerSnap.Nearest(spots, 0.02, 0.01)!.Value.Anchor);
        Assert.Equal(Anchor.Top, LayerSnap.Nearest(spots, 0.04, 0.01)!.Value.Anchor);
        Assert.Equal(Anchor.TopRight, LayerSnap.Nearest(spots, 0.09, 0.01)!.Value.Anchor);
    }

    [Fact]
    public void A_box_let_go_away_from_every_anchor_is_placed_freely_where_it_was_let_go()
    {
        var layer = Image();

        new LayerMoved(0, Box, 1280, 720, 0.31234567, 0.6).Apply(layer);

        Assert.Null(layer.Position);
        Assert.Equal(0.3123, layer.X);
        Assert.Equal(0.6, layer.Y);
        Assert.Equal(LayerEdits.Free, layer.PlacementName());
        Assert.Empty(new WatermarkTemplate { Name = "t", Layers = [layer] }.Problems());
    }

    [Fact]
    public void A_box_let_go_past_the_frames_edge_is_kept_inside_it()
    {
        var layer = Image();
        layer.Margin = 0.2;

        // Far from every spot at a 20% margin; past the right edge and above the top.
        new LayerMoved(0, Box, 1280, 720, 1.3, -0.3).Apply(layer);

        Assert.Equal(0.9, layer.X);
        Assert.Equal(0.0, layer.Y);
        Assert.Empty(new WatermarkTemplate { Name = "t", Layers = [layer] }.Problems());
    }

    [Fact]
    public void A_dragged_corner_scales_an_image_and_sizes_a_text_by_as_much_as_the_box_grew()
    {
        var image = Image();
        new LayerResized(0, Box, 1.5).Apply(image);
        Assert.Equal(0.15, image.Scale);
        Assert.Equal(Anchor.TopRight, image.Position);

        // An image at its own size: the box stands for its share of the width, which the drag scales.
        var own = Image();
        own.Scale = 0;
        new LayerResized(0, Box with { Size = 0.2 }, 0.5).Apply(own);
        Assert.Equal(0.1, own.Scale);

        var text = new TemplateLayer { Type = LayerType.Text, Text = "For {recipient}", Size = 0.05 };
        new LayerResized(0, Box with { Size = 0.05 }, 2).Apply(text);
        Assert.Equal(0.1, text.Size);
    }

    [Fact]
    public void A_dragged_corner_stays_within_the_formats_limits()
    {
        var image = Image();
        new LayerResized(0, Box with { Size = 0.6 }, 3).Apply(image);
        Assert.Equal(1, image.Scale);
        new LayerResized(0, Box, 0.001).Apply(image);
        Assert.Equal(0.01, image.Scale);

        var text = new TemplateLayer { Type = LayerType.Text, Text = "A", Size = 0.05 };
        new LayerResized(0, Box with { Size = 0.5 }, 4).Apply(text);
        Assert.Equal(1, text.Size);
        Assert.Empty(new WatermarkTemplate { Name = "t", Layers = [image, text] }.Problems());
    }
}
