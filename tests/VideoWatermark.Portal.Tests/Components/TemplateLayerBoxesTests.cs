using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Components.TemplateEditing;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>
/// The layer boxes over the template editor's preview, on the .NET side: where they are drawn, what selecting one does,
/// and what the browser module's let-go (its calls into <see cref="LayerBoxes"/>) does to the draft and the panel.
/// The pointer work itself is the browser tests'.
/// </summary>
public sealed class TemplateLayerBoxesTests : PortalComponentContext
{
    private TemplateLibrary Saved => Services.GetRequiredService<TemplateLibrary>();

    /// <summary>A new template with a text layer, then an image layer (selected), once the preview is drawn with their boxes.</summary>
    private async Task<IRenderedComponent<Templates>> EditorWithTwoLayersAsync()
    {
        MediaTool.RequireFfmpeg();
        await StartAsync();
        var page = Render<Templates>();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='templates-loading']")), Wait);
        await page.ClickAsync("[data-testid='new-template']");
        await page.ChangeAsync("input[data-testid='template-name'], [data-testid='template-name'] input", "dragged");
        await page.ClickAsync("[data-testid='add-text']");
        await page.ClickAsync("[data-testid='add-image']");
        WaitForBoxes(page);
        return page;
    }

    private static void WaitForBoxes(IRenderedComponent<Templates> page) =>
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-layer-box]").Count), Wait);

    private static double Share(IRenderedComponent<Templates> page, int layer, string side) =>
        double.Parse(page.Find($"[data-layer-box='{layer}']").GetAttribute($"data-{side}")!, CultureInfo.InvariantCulture);

    /// <summary>The selected layer's place as the properties panel's Position field shows it.</summary>
    private static string Placement(IRenderedComponent<Templates> page) => page.Find("[data-testid='layer-position']").TextContent.Trim();

    /// <summary>The values the properties panel shows beside its labels ("30% of the width").</summary>
    private static IReadOnlyList<string> Values(IRenderedComponent<Templates> page) =>
        [.. page.FindAll("[data-testid='layer-properties'] .value").Select(v => v.TextContent.Trim())];

    [Fact]
    public async Task Each_layer_has_a_named_box_where_the_renderer_drew_it_and_a_click_selects_it()
    {
        var page = await EditorWithTwoLayersAsync();

        Assert.Equal("Layer 1: text “For {recipient}”", page.Find("[data-layer-box='0']").GetAttribute("aria-label"));
        Assert.Equal("Layer 2: image watermark.png", page.Find("[data-layer-box='1']").GetAttribute("aria-label"));
        page.WaitForAssertion(() => Assert.Contains(LayerDragModule.Invocations, i => i.Identifier == "attach"), Wait);
        Assert.Equal("Drag a layer's outline to place it, and the selected one's corner to size it.", page.Find("[data-testid='drag-hint']").TextContent);

        // The image layer: the seed's visible part at 15% of the sample frame's 1280 px, top-right, 3% margin.
        var seed = (await Library.ListAsync()).Single(w => w.Name == "watermark.png");
        var visible = seed.Visible ?? VisibleArea.Whole(seed.Width, seed.Height);
        var expected = LayerGeometry.ImageBox(new TemplateLayer { Type = LayerType.Image, Scale = 0.15, Position = Anchor.TopRight, Margin = 0.03 }, 1280, 720, visible.Width, visible.Height)!;
        Assert.Equal(expected.X / 1280.0, Share(page, 1, "left"), 4);
        Assert.Equal(expected.Y / 720.0, Share(page, 1, "top"), 4);
        Assert.Equal(0.15, Share(page, 1, "width"), 4);

        // The text layer sits at the bottom-left, inside the 4% margin.
        Assert.Equal(Math.Round(0.04 * 720) / 1280, Share(page, 0, "left"), 4);
        Assert.Equal(1 - (Math.Round(0.04 * 720) / 720), Share(page, 0, "top") + Share(page, 0, "height"), 4);

        // The image, added last, is selected: its box has the corner. A click on the text's box selects the text.
        Assert.Equal("true", page.Find("[data-layer-box='1']").GetAttribute("aria-pressed"));
        Assert.Single(page.FindAll("[data-layer-box='1'] [data-resize]"));
        await page.ClickAsync("[data-layer-box='0']");
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-layer-box='0']").GetAttribute("aria-pressed")), Wait);
        Assert.Single(page.FindAll("[data-layer-box='0'] [data-resize]"));
        Assert.Empty(page.FindAll("[data-layer-box='1'] [data-resize]"));
        Assert.Equal("true", page.Find("[data-layer='0'] .layer-pick").GetAttribute("aria-pressed"));
        Assert.Equal("For {recipient}", page.Find("input[data-testid='layer-text'], [data-testid='layer-text'] input").GetAttribute("value"));
    }

    [Fact]
    public async Task A_box_let_go_near_an_anchor_snaps_to_it_elsewhere_is_placed_freely_and_its_corner_sizes_the_layer()
    {
        var page = await EditorWithTwoLayersAsync();
        var boxes = page.FindComponent<LayerBoxes>();

        // The text's box (not selected) let go near the top-right corner: it takes that anchor, and is selected.
        await page.InvokeAsync(() => boxes.Instance.Moved(0, 0.97 - Share(page, 0, "width"), 0.01));
        page.WaitForAssertion(() => Assert.Equal("top-right", Placement(page)), Wait);
        Assert.Equal("true", page.Find("[data-layer='0'] .layer-pick").GetAttribute("aria-pressed"));
        WaitForBoxes(page);
        Assert.True(Share(page, 0, "left") + Share(page, 0, "width") > 0.95, "the text's box is drawn against the right edge");

        // The image's box let go in the middle of nowhere: free placement where it was let go.
        await page.InvokeAsync(() => boxes.Instance.Moved(1, 0.3, 0.42));
        page.WaitForAssertion(() => Assert.Equal("free (x/y)", Placement(page)), Wait);
        Assert.Contains("30% of the width", Values(page));
        Assert.Contains("42% of the height", Values(page));
        WaitForBoxes(page);
        // The renderer puts it on whole pixels: 0.42 of 720 is 302.4.
        Assert.InRange(Share(page, 1, "left"), 0.3 - (1 / 1280.0), 0.3 + (1 / 1280.0));
        Assert.InRange(Share(page, 1, "top"), 0.42 - (1 / 720.0), 0.42 + (1 / 720.0));

        // Its corner pulled to half as large again: 15% of the width becomes 22.5%; the text's corner makes it twice as tall.
        await page.InvokeAsync(() => boxes.Instance.Resized(1, 1.5));
        page.WaitForAssertion(() => Assert.Contains("22.5% of the video's width", Values(page)), Wait);
        WaitForBoxes(page);
        Assert.Equal(0.225, Share(page, 1, "width"), 3);
        await page.InvokeAsync(() => boxes.Instance.Resized(0, 2));
        page.WaitForAssertion(() => Assert.Contains("10% of the video's height", Values(page)), Wait);

        // Saved as placed.
        await page.ClickAsync("[data-testid='save-template']");
        page.WaitForAssertion(() => Assert.Equal("Version 1", page.Find("[data-testid='template-version']").TextContent.Trim()), Wait);
        var saved = (await Saved.GetAsync("dragged", 1)).Template.Layers;
        Assert.Equal((Anchor.TopRight, 0.04, 0.1), (saved[0].Position!.Value, saved[0].Margin, saved[0].Size));
        Assert.Equal((0.3, 0.42, 0.225), (saved[1].X!.Value, saved[1].Y!.Value, saved[1].Scale));
        Assert.Null(saved[1].Position);
    }
}
