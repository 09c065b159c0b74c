using System.Text;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Templates;

public sealed class TemplateJsonTests
{
    // The issue's example, verbatim.
    private const string Screener = """
        {
          "name": "screener",
          "layers": [
            { "type": "image", "image": "logo.png", "position": "top-right", "margin": 0.03, "scale": 0.15, "opacity": 0.8 },
            { "type": "text", "text": "For {recipient} · {date}", "position": "bottom-left", "margin": 0.04,
              "size": 0.05, "color": "#FFFFFF", "opacity": 0.6, "outline": true,
              "start": 2, "end": 30, "fadeIn": 0.5, "fadeOut": 0.5, "motion": { "type": "hop", "period": 10 } },
            { "type": "text", "text": "CONFIDENTIAL", "tile": true, "rotation": -30, "size": 0.04, "opacity": 0.15 }
          ]
        }
        """;

    [Fact]
    public void The_issue_example_reads_into_three_valid_layers_with_every_field()
    {
        var template = TemplateJson.Deserialize(Encoding.UTF8.GetBytes(Screener));

        Assert.Empty(template.Problems());
        Assert.Equal("screener", template.Name);
        var (logo, name, tile) = (template.Layers[0], template.Layers[1], template.Layers[2]);
        Assert.Equal((LayerType.Image, "logo.png", Anchor.TopRight, 0.03, 0.15, 0.8), (logo.Type, logo.Image, logo.Anchor, logo.Margin, logo.Scale, logo.Opacity));
        Assert.Equal((LayerType.Text, "For {recipient} · {date}", Anchor.BottomLeft, true, 2.0, 30.0), (name.Type, name.Text, name.Anchor, name.Outline, name.Start, name.End));
        Assert.Equal((0.5, 0.5, MotionKind.Hop, 10.0), (name.FadeIn, name.FadeOut, name.MotionKind, name.Motion!.Period));
        Assert.Equal((true, -30.0, 0.04, Anchor.Center, (double?)null), (tile.Tile, tile.Rotation, tile.Size, tile.Anchor, tile.End));
    }

    [Fact]
    public void A_template_survives_a_round_trip_and_writes_names_not_numbers()
    {
        var template = TemplateJson.Deserialize(Encoding.UTF8.GetBytes(Screener));

        var json = TemplateJson.Serialize(template);
        var again = TemplateJson.Deserialize(json);

        var text = Encoding.UTF8.GetString(json);
        Assert.Contains("\"top-right\"", text, StringComparison.Ordinal);
        Assert.Contains("\"hop\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("isFreelyPlaced", text, StringComparison.Ordinal);
        Assert.Equal(template.Layers, again.Layers);
    }

    [Theory]
    [InlineData("""{"name":"a","layers":[{"type":"image","image":"x.png","postion":"top"}]}""", "postion")]
    [InlineData("""{"name":"a","layers":[{"type":"video","image":"x.png"}]}""", "not valid JSON")]
    [InlineData("""{"name":"a","layers":[{"type":"image","image":"x.png","position":4}]}""", "not valid JSON")]
    [InlineData("""{"name":"a","layers":[{"type":"image",""", "not valid JSON")]
    public void Malformed_json_typos_and_unknown_values_are_refused(string json, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => TemplateJson.Deserialize(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Todays_watermark_and_placement_become_a_one_image_layer_template()
    {
        var spec = new WatermarkSpec { Image = "watermarks/logo.png", Position = Anchor.BottomRight, Margin = 0.04, Scale = 0.3, Opacity = 0.8 };

        var template = spec.ToTemplate();

        var layer = Assert.Single(template.Layers);
        Assert.Equal((LayerType.Image, "watermarks/logo.png", Anchor.BottomRight, 0.04, 0.3, 0.8), (layer.Type, layer.Image, layer.Anchor, layer.Margin, layer.Scale, layer.Opacity));
        Assert.Equal((null, null, 0.0, 0.0, MotionKind.None, false), (layer.Start, layer.End, layer.FadeIn, layer.Rotation, layer.MotionKind, layer.Tile));
        Assert.Empty(template.Problems());
    }
}
