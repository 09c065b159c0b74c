using System.Globalization;
using Microsoft.Playwright;
using SkiaSharp;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Placement applies to a watermark's visible part: the library shows that part's size, and the upload page's
/// preview draws it where the worker draws it, judged from the pixels of both.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VisiblePlacementTests(BrowserFixture fixture) : IDisposable
{
    // A 400x300 canvas with a green 120x60 block off its centre: placed by its canvas, the block would sit far from
    // where it is asked to go.
    private static readonly VisibleArea Block = new(240, 180, 120, 60);

    private readonly string work = TestMedia.NewTempDirectory("vw-browser-visible");

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task The_library_shows_the_visible_size_of_the_seed_and_of_an_added_image(int width)
    {
        var name = $"corner-{width}.png";
        var image = GreenBlock(Path.Combine(work, name));
        var page = await fixture.NewPageAsync(width == 390 ? BrowserFixture.Phone : BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "");

        await page.Locator("[data-nav='Watermarks']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Watermarks");
        var seed = DefaultWatermark.Visible;
        await Assertions.Expect(page.Locator("[data-watermark='watermark.png'] [data-testid='visible-size']"))
            .ToHaveTextAsync($"visible {seed.Width}×{seed.Height} of 640×480");

        await page.Locator("[data-testid='watermark-upload'][data-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("input[type=file]").SetInputFilesAsync(image);
        await Assertions.Expect(page.Locator($"[data-watermark='{name}'] [data-testid='visible-size']")).ToHaveTextAsync("visible 120×60 of 400×300");
        await fixture.ScreenshotAsync(page, $"visible-01-library-{width}");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task The_previews_box_shows_the_visible_part_where_the_worker_draws_it()
    {
        var image = GreenBlock(Path.Combine(work, "corner-preview.png"));
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "watermarks");
        await page.Locator("[data-testid='watermark-upload'][data-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.Locator("input[type=file]").SetInputFilesAsync(image);
        await page.Locator("[data-watermark='corner-preview.png']").WaitForAsync();

        await page.Locator("[data-nav='Upload']").ClickAsync();
        await page.Locator("[data-testid='watermark-select']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "corner-preview.png" }).ClickAsync();
        await page.Locator("[data-anchor='top-left']").ClickAsync();

        // The page's own size, margin and opacity (25% of the width, 4%, 85%), top-left, on the 1280x720 sample frame.
        var spec = new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.04, Scale = 0.25, Opacity = 0.85 };
        var expected = Placement.Place(1280, 720, 400, 300, Block, spec).Geometry;
        var mark = page.Locator(".preview-mark");
        await Assertions.Expect(mark).ToHaveAttributeAsync("data-x", expected.X.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(mark).ToHaveAttributeAsync("data-w", expected.Width.ToString(CultureInfo.InvariantCulture));
        await page.WaitForFunctionAsync("""
            () => {
              const mark = document.querySelector(".preview-mark"), img = mark && mark.querySelector("img"), frame = document.querySelector(".preview-frame");
              if (!img || !img.complete || img.naturalWidth === 0 || mark.getAnimations().length > 0) return false;
              const m = mark.getBoundingClientRect(), f = frame.getBoundingClientRect();
              return f.width > 0 && Math.abs((m.left - f.left) / f.width - Number(mark.dataset.x) / 1280) < 0.005;
            }
            """);
        await fixture.ScreenshotAsync(page, "visible-02-preview-top-left");

        // What the user sees: the green block's pixels in a screenshot of the preview, in the frame's 1280 pixels.
        var frame = page.Locator(".preview-frame");
        var shot = await frame.ScreenshotAsync();
        var (preview, scale) = GreenBox(shot, 1280);

        // What the worker makes: the real engine on a 1280x720 video with the same image and placement.
        var clip = TestMedia.Clip(Path.Combine(work, "dark.mp4"), new ClipOptions { Width = 1280, Height = 720, Seconds = 1, Color = "0x202020", Audio = false });
        using var engine = new FfmpegWatermarkEngine(new EngineOptions { Preset = "ultrafast" });
        var output = await engine.ApplyAsync(new WatermarkRequest(clip, image, Path.Combine(work, "out.mp4"), spec));
        var worker = Frames.ChangedBox(Frames.At(clip, 0.5), Frames.At(output.OutputPath, 0.5))!.Value;

        Console.WriteLine($"expected {expected}; worker drew {worker}; preview drew {preview} (1 screen pixel = {scale:0.00} video pixels)");
        var tolerance = (2 * scale) + 2;
        Assert.InRange(worker.X, expected.X - 1, expected.X + 1);
        Assert.InRange(worker.Y, expected.Y - 1, expected.Y + 1);
        Assert.InRange(worker.Width, expected.Width - 2, expected.Width + 1);
        Assert.InRange(preview.X, worker.X - tolerance, worker.X + tolerance);
        Assert.InRange(preview.Y, worker.Y - tolerance, worker.Y + tolerance);
        Assert.InRange(preview.Width, worker.Width - tolerance, worker.Width + tolerance);
        Assert.InRange(preview.Height, worker.Height - tolerance, worker.Height + tolerance);
        fixture.AssertNoBrowserErrors(page);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static string GreenBlock(string path)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(400, 300, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var green = new SKPaint { Color = new SKColor(0, 255, 0) };
            canvas.DrawRect(SKRect.Create(Block.X, Block.Y, Block.Width, Block.Height), green);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>The box of the clearly green pixels of a screenshot, in a frame <paramref name="frameWidth"/> pixels wide.</summary>
    private static (Region Box, double Scale) GreenBox(byte[] png, int frameWidth)
    {
        using var shot = SKBitmap.Decode(png);
        var (left, top, right, bottom) = (int.MaxValue, int.MaxValue, -1, -1);
        for (var y = 0; y < shot.Height; y++)
        {
            for (var x = 0; x < shot.Width; x++)
            {
                var c = shot.GetPixel(x, y);
                if (c.Green > 150 && c.Red < 100 && c.Blue < 100)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        Assert.True(right >= 0, "no green pixel in the preview");
        var scale = (double)frameWidth / shot.Width;
        return (new Region((int)Math.Round(left * scale), (int)Math.Round(top * scale), (int)Math.Round((right - left + 1) * scale), (int)Math.Round((bottom - top + 1) * scale)), scale);
    }
}
