using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// The upload page's preview as an editor uses it (issue 11): scrubbed to any moment of the user's own video, compared
/// before and after the watermark, and checked against the safe areas a cropping screen keeps.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PreviewToolsTests(BrowserFixture fixture) : IDisposable
{
    // The preview video's colour at the left edge's middle, far from the bottom-right watermark, once a frame shows.
    private const string EdgeColour = """
        () => {
          const video = document.querySelector(".preview-video");
          if (!video || video.readyState < 2 || video.seeking) return null;
          const canvas = document.createElement("canvas");
          canvas.width = 32; canvas.height = 18;
          const context = canvas.getContext("2d");
          context.drawImage(video, 0, 0, 32, 18);
          const [r, g, b] = context.getImageData(4, 9, 1, 1).data;
          return [r, g, b];
        }
        """;

    private readonly string work = TestMedia.NewTempDirectory("vw-browser-preview");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task The_preview_scrubs_the_chosen_video_compares_before_and_after_and_shows_the_safe_areas(string width)
    {
        // Red for two seconds, then blue for two: the preview opens on 1 s, in the red.
        var clip = Path.Combine(work, $"red-then-blue-{width}.mp4");
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "color=c=red:s=320x180:r=25:d=2", "-f", "lavfi", "-i", "color=c=blue:s=320x180:r=25:d=2",
            "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip);
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, "jobs");
        await page.Locator("[data-nav='Upload']").ClickAsync();
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync(clip);

        var moment = page.Locator("[data-testid='preview-moment']");
        await Assertions.Expect(moment).ToHaveTextAsync("0:01.0");
        await WaitForColourAsync(page, red: true);

        var scrub = page.Locator("[data-testid='preview-scrub'] input, input[data-testid='preview-scrub']");
        await scrub.ScrollIntoViewIfNeededAsync();
        var track = await scrub.BoundingBoxAsync() ?? throw new InvalidOperationException("the scrubber has no box");
        await scrub.ClickAsync(new() { Position = new() { X = track.Width * 0.9f, Y = track.Height / 2 } });
        await Assertions.Expect(moment).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0:03\\.[0-9]$"));
        await WaitForColourAsync(page, red: false);

        var mark = page.Locator(".preview-mark");
        await Assertions.Expect(mark).ToBeVisibleAsync();
        await page.Locator("[data-testid='show-before']").ClickAsync();
        await Assertions.Expect(mark).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='show-before']")).ToHaveAttributeAsync("aria-pressed", "true");
        // The pressed button is filled with the colour the other one is outlined in: a person sees which view is on.
        await page.Mouse.MoveAsync(0, 0);
        var outline = await page.Locator("[data-testid='show-after']").EvaluateAsync<string>("b => getComputedStyle(b).color");
        await Assertions.Expect(page.Locator("[data-testid='show-before']")).ToHaveCSSAsync("background-color", outline);
        await page.Locator("[data-testid='show-after']").ClickAsync();
        await Assertions.Expect(mark).ToBeVisibleAsync();

        await page.GetByText("Safe areas", new() { Exact = true }).ClickAsync();
        var frame = await page.Locator(".preview-frame").BoundingBoxAsync() ?? throw new InvalidOperationException("no preview frame");
        var title = await page.Locator("[data-testid='safe-graphics']").BoundingBoxAsync() ?? throw new InvalidOperationException("no title-safe guide");
        var action = await page.Locator("[data-testid='safe-action']").BoundingBoxAsync() ?? throw new InvalidOperationException("no action-safe guide");
        Assert.InRange((title.X - frame.X) / frame.Width, 0.045, 0.055);
        Assert.InRange((title.Y - frame.Y) / frame.Height, 0.045, 0.055);
        Assert.InRange((action.X - frame.X) / frame.Width, 0.030, 0.040);
        Assert.InRange(title.Width / frame.Width, 0.89, 0.91);
        // The page's default placement (4 % margin) sits closer to the corner than title-safe allows: it says so.
        await Assertions.Expect(page.Locator("[data-testid='safe-area-note']")).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, $"preview-tools-{width}");
        if (width == "phone")
        {
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the upload page scrolls sideways at 390 px");
        }

        fixture.AssertNoBrowserErrors(page);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static async Task WaitForColourAsync(IPage page, bool red)
    {
        var check = red ? "c => c && c[0] > 180 && c[2] < 80" : "c => c && c[2] > 180 && c[0] < 80";
        await page.WaitForFunctionAsync($"() => ({check})(({EdgeColour})())", null, new() { Timeout = 15_000 });
    }
}
