using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests;

public sealed class AnchorTests
{
    [Fact]
    public void Nine_anchors_in_reading_order_with_kebab_names()
    {
        Assert.Equal(
            ["top-left", "top", "top-right", "left", "center", "right", "bottom-left", "bottom", "bottom-right"],
            AnchorNames.All);
        Assert.Equal(AnchorNames.All, Enum.GetValues<Anchor>().Select(a => a.ToName()));
    }

    [Theory]
    [InlineData("bottom-right", Anchor.BottomRight)]
    [InlineData("BottomRight", Anchor.BottomRight)]
    [InlineData("bottom_right", Anchor.BottomRight)]
    [InlineData("  TOP-left ", Anchor.TopLeft)]
    [InlineData("center", Anchor.Center)]
    [InlineData("top", Anchor.Top)]
    public void Parses_kebab_pascal_and_snake_case(string text, Anchor expected)
    {
        Assert.True(AnchorNames.TryParse(text, out var anchor));
        Assert.Equal(expected, anchor);
        Assert.Equal(expected, AnchorNames.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("middle")]
    [InlineData("top-middle")]
    [InlineData("42")]
    public void Rejects_unknown_names(string? text)
    {
        Assert.False(AnchorNames.TryParse(text, out _));
        if (text is not null)
        {
            var error = Assert.Throws<ArgumentException>(() => AnchorNames.Parse(text));
            Assert.Contains("use one of top-left, top, top-right", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_name_round_trips()
    {
        foreach (var anchor in Enum.GetValues<Anchor>())
        {
            Assert.Equal(anchor, AnchorNames.Parse(anchor.ToName()));
        }
    }
}
