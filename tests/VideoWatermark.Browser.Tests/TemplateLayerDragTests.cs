using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// An image layer placed and sized with the mouse on the template editor's preview, as a person does: dragged near a
/// corner it snaps to that anchor, dragged into the frame it is placed freely where it was let go, its corner dragged
/// makes it larger; each time the panel shows the new values and the preview is drawn again with the image there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TemplateLayerDragTests(BrowserFixture fixture) : IDisposable
{
    private const int FrameWidth = 1280;
    private const int FrameHeight = 720;

    private readonly string work = TestMedia.NewTempDirectory("vw-browser-drag");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task An_image_layer_dragged_on_the_preview_snaps_to_an_anchor_is_placed_freely_and_is_sized_by_its_corner(string width)
    {
        var phone = width == "phone";
        var page = await fixture.NewPageAsync(phone ? BrowserFixture.Phone : BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "jobs");
        await page.Locator("[data-nav='Templates']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Templates");
        await page.Locator("[data-testid='new-template']").ClickAsync();
        await page.Locator("input[data-testid='template-name'], [data-testid='template-name'] input").FillAsync($"dragged-{width}");
        await page.Locator("[data-testid='add-image']").ClickAsync();
        var box = page.Locator("[data-layer-box='0']");
        await Assertions.Expect(box).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-label", "Layer 1: image watermark.png");
        await Assertions.Expect(page.Locator("[data-testid='layer-position']")).ToHaveTextAsync("top-right");
        var before = await PreviewAsync(page, "0-top-right");
        var topRight = await RegionAsync(box);

        // Near the bottom-left corner (3% margin): the target shows while dragging, and the layer takes the anchor.
        var height = await ShareAsync(box, "height");
        await DragAsync(page, box, 0.035, 1 - height - 0.07, whileDragging: async () =>
            await Assertions.Expect(page.Locator(".layer-box-snap")).ToBeVisibleAsync());
        await Assertions.Expect(page.Locator("[data-testid='layer-position']")).ToHaveTextAsync("bottom-left");
        await Assertions.Expect(page.Locator(".layer-box-snap")).ToBeHiddenAsync();
        await Assertions.Expect(box).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        var bottomLeft = await RegionAsync(box);
        Assert.True(bottomLeft.X < 0.03 * FrameWidth && bottomLeft.Bottom > 0.95 * FrameHeight, $"the box is not at the bottom-left: {bottomLeft}");
        var snapped = await PreviewAsync(page, "1-bottom-left");
        AssertMoved(before, snapped, from: topRight, to: bottomLeft, "snapped to the bottom-left");
        await fixture.ScreenshotAsync(page, $"54-template-layer-snapped-{width}");

        // Into the frame, away from every anchor: free placement at the box's top-left where it was let go.
        await DragAsync(page, box, 0.3, 0.3);
        await Assertions.Expect(page.Locator("[data-testid='layer-position']")).ToHaveTextAsync("free (x/y)");
        var (x, y) = (await ValueAsync(page, LeftEdge()), await ValueAsync(page, TopEdge()));
        Assert.True(Math.Abs(x - 30) <= 1.5 && Math.Abs(y - 30) <= 1.5, $"dropped at 30%, 30% but the panel shows {x}%, {y}%");
        await Assertions.Expect(box).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        var free = await RegionAsync(box);
        Assert.True(Math.Abs(free.X - (x / 100 * FrameWidth)) <= 2 && Math.Abs(free.Y - (y / 100 * FrameHeight)) <= 2, $"the box {free} is not at {x}%, {y}%");
        var placed = await PreviewAsync(page, "2-free");
        AssertMoved(snapped, placed, from: bottomLeft, to: free, "placed freely");

        // Its corner dragged right by half the box's width: the scale grows from 15% by about half.
        var size = await ValueAsync(page, Size());
        Assert.Equal(15, size);
        var handle = page.Locator("[data-layer-box='0'] [data-resize]");
        await page.Locator("[data-testid='layer-boxes']").ScrollIntoViewIfNeededAsync();
        var grip = (await handle.BoundingBoxAsync())!;
        var shown = (await box.BoundingBoxAsync())!;
        var (gx, gy) = (grip.X + (grip.Width / 2), grip.Y + (grip.Height / 2));
        await page.Mouse.MoveAsync(gx, gy);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(gx + (shown.Width / 2), gy, new() { Steps = 10 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("[data-testid='layer-properties'] .value", new() { HasTextRegex = Size() })).Not.ToHaveTextAsync("15% of the video's width");
        var grown = await ValueAsync(page, Size());
        Assert.True(grown is > 20 and < 25, $"the corner dragged by half the box's width made the scale {grown}%, not about 22.5%");
        await Assertions.Expect(page.Locator("[data-testid='layer-position']")).ToHaveTextAsync("free (x/y)");
        await Assertions.Expect(box).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        var larger = await RegionAsync(box);
        Assert.True(Math.Abs(larger.Width - (grown / 100 * FrameWidth)) <= 2 && Math.Abs(larger.X - free.X) <= 1 && Math.Abs(larger.Y - free.Y) <= 1, $"the box {larger} is not {grown}% wide from {free}'s corner");
        var resized = await PreviewAsync(page, "3-resized");
        var added = new Region(free.Right + 2, larger.Y, larger.Right - free.Right - 4, larger.Height);
        Assert.True(Frames.ChangedFraction(placed, resized, added) > 0.05, $"the preview shows nothing of the larger image right of where it ended ({added})");
        await fixture.ScreenshotAsync(page, $"55-template-layer-resized-{width}");
        if (phone)
        {
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 390, $"the editor is {scrollWidth} px wide at 390 px");
        }

        fixture.AssertNoBrowserErrors(page);
    }

    [GeneratedRegex(@"^([\d.]+)% of the width$")]
    private static partial Regex LeftEdge();

    [GeneratedRegex(@"^([\d.]+)% of the height$")]
    private static partial Regex TopEdge();

    [GeneratedRegex(@"^([\d.]+)% of the video's width$")]
    private static partial Regex Size();

    /// <summary>
    /// Presses on the box's middle and moves the mouse, in steps as a hand does, so that the box's top-left corner
    /// ends at (<paramref name="left"/>, <paramref name="top"/>) of the frame; lets go after <paramref name="whileDragging"/>.
    /// </summary>
    private static async Task DragAsync(IPage page, ILocator box, double left, double top, Func<Task>? whileDragging = null)
    {
        // The mouse works in the window's coordinates: at phone width the preview is below the properties panel.
        var surface = page.Locator("[data-testid='layer-boxes']");
        await surface.ScrollIntoViewIfNeededAsync();
        var frame = (await surface.BoundingBoxAsync())!;
        var shown = (await box.BoundingBoxAsync())!;
        var (startX, startY) = (shown.X + (shown.Width / 2), shown.Y + (shown.Height / 2));
        var (endX, endY) = ((float)(frame.X + (left * frame.Width) + (shown.Width / 2)), (float)(frame.Y + (top * frame.Height) + (shown.Height / 2)));
        await page.Mouse.MoveAsync(startX, startY);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(endX, endY, new() { Steps = 12 });
        if (whileDragging is not null)
        {
            await whileDragging();
        }

        await page.Mouse.UpAsync();
    }

    private static async Task<double> ShareAsync(ILocator box, string side) =>
        double.Parse((await box.GetAttributeAsync($"data-{side}"))!, CultureInfo.InvariantCulture);

    /// <summary>The box as the page states it, in the preview frame's pixels.</summary>
    private static async Task<Region> RegionAsync(ILocator box)
    {
        var (left, top) = (await ShareAsync(box, "left"), await ShareAsync(box, "top"));
        var (width, height) = (await ShareAsync(box, "width"), await ShareAsync(box, "height"));
        return new Region((int)Math.Round(left * FrameWidth), (int)Math.Round(top * FrameHeight), (int)Math.Round(width * FrameWidth), (int)Math.Round(height * FrameHeight));
    }

    /// <summary>The number in the properties panel's value that <paramref name="pattern"/> matches ("30.2% of the width").</summary>
    private static async Task<double> ValueAsync(IPage page, Regex pattern)
    {
        var values = await page.Locator("[data-testid='layer-properties'] .value").AllInnerTextsAsync();
        var match = values.Select(v => pattern.Match(v.Trim())).FirstOrDefault(m => m.Success)
            ?? throw new InvalidOperationException($"The panel shows no value like {pattern}: {string.Join(" | ", values)}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The preview's image once drawn, as the browser got it (a data URL), decoded by ffmpeg.</summary>
    private async Task<RgbFrame> PreviewAsync(IPage page, string name)
    {
        await Assertions.Expect(page.Locator("[data-testid='template-preview']")).ToHaveAttributeAsync("data-busy", "false", new() { Timeout = 90_000 });
        var src = (await page.Locator("[data-testid='template-preview-image']").GetAttributeAsync("src"))!;
        var path = Path.Combine(work, $"preview-{name}.png");
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(src[(src.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        var frame = Frames.At(path);
        Assert.Equal((FrameWidth, FrameHeight), (frame.Width, frame.Height));
        return frame;
    }

    /// <summary>Between two previews the image left <paramref name="from"/> and arrived at <paramref name="to"/>, and nothing else changed.</summary>
    private static void AssertMoved(RgbFrame earlier, RgbFrame later, Region from, Region to, string what)
    {
        var arrived = Frames.ChangedFraction(earlier, later, to);
        var left = Frames.ChangedFraction(earlier, later, from);
        var changed = Frames.ChangedBox(earlier, later);
        Console.WriteLine($"{what}: {arrived:P1} of {to} and {left:P1} of {from} changed; all changes within {changed}");
        Assert.True(arrived > 0.05, $"{what}: the preview shows no image at {to} ({arrived:P1} of it changed)");
        Assert.True(left > 0.05, $"{what}: the image is still drawn at {from} ({left:P1} of it changed)");
        var both = Union(from, to).Inflate(3);
        Assert.True(changed is { } c && c.X >= both.X && c.Y >= both.Y && c.Right <= both.Right && c.Bottom <= both.Bottom, $"{what}: pixels changed outside the two places: {changed}");
    }

    private static Region Union(Region a, Region b)
    {
        var (x, y) = (Math.Min(a.X, b.X), Math.Min(a.Y, b.Y));
        return new Region(x, y, Math.Max(a.Right, b.Right) - x, Math.Max(a.Bottom, b.Bottom) - y);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
