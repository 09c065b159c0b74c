using System.Globalization;
using Microsoft.Playwright;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class UploadJourneyTests(BrowserFixture fixture) : IDisposable
{
    private readonly string work = TestMedia.NewTempDirectory("vw-browser-media");

    [Fact]
    public async Task A_video_uploaded_with_the_seed_watermark_at_bottom_right_is_watched_to_success_and_downloaded_marked()
    {
        var clip = TestMedia.Clip(Path.Combine(work, "beach-day.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 3, Color = "navy" });

        // A second, busier clip over the multipart threshold goes up in signed parts from the same batch.
        var busy = TestMedia.Clip(Path.Combine(work, "city-walk.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 3 });
        Assert.True(new FileInfo(busy).Length > PortalServer.MultipartThreshold, $"the busy clip is only {new FileInfo(busy).Length} bytes");

        // The dashboard is open in another tab before the upload: the job must reach it by server push alone.
        var dashboard = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(dashboard, "jobs");
        await dashboard.Locator("h1", new() { HasText = "Jobs" }).WaitForAsync();
        await dashboard.EvaluateAsync("() => window.__stillTheSamePage = true");

        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator(".preview-mark").WaitForAsync();
        await fixture.ScreenshotAsync(page, "01-upload-page");

        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip, busy]);
        await page.Locator("[data-upload='beach-day.mp4']").WaitForAsync();
        await page.Locator("[data-upload='city-walk.mp4']").WaitForAsync();
        await Assertions.Expect(page.Locator(".preview-frame")).ToHaveAttributeAsync("data-frame", "640x360");
        await page.Locator("[data-anchor='bottom-right']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-anchor='bottom-right']")).ToHaveAttributeAsync("aria-checked", "true");
        await fixture.ScreenshotAsync(page, "02-file-chosen-bottom-right");

        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-upload='beach-day.mp4']")).ToHaveAttributeAsync("data-status", "uploaded");
        await Assertions.Expect(page.Locator("[data-upload='city-walk.mp4']")).ToHaveAttributeAsync("data-status", "uploaded");
        await fixture.ScreenshotAsync(page, "03-uploaded");

        var row = dashboard.Locator(".job-row", new() { HasText = "beach-day.mp4" });
        await row.WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(dashboard.Locator(".job-row", new() { HasText = "city-walk.mp4" })).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 90_000 });
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.__stillTheSamePage === true"), "the dashboard reloaded");
        await fixture.ScreenshotAsync(dashboard, "04-dashboard-succeeded");

        await row.Locator(".job-link").ClickAsync();
        await dashboard.Locator("[data-testid='result-video']").WaitForAsync();
        await dashboard.WaitForFunctionAsync("() => document.querySelector(\"[data-testid='result-video']\").readyState >= 1");
        await fixture.ScreenshotAsync(dashboard, "05-job-finished");

        var download = await dashboard.RunAndWaitForDownloadAsync(() => dashboard.Locator("[data-testid='download']").ClickAsync());
        Assert.Equal("watermark-beach-day.mp4", download.SuggestedFilename);
        var output = Path.Combine(work, "downloaded.mp4");
        await download.SaveAsAsync(output);

        // The page's placement: bottom-right, 4% margin, 25% of the width, 85% opacity, on 640x360.
        var g = Placement.Place(640, 360, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible,
            new WatermarkSpec { Position = Anchor.BottomRight, Margin = 0.04, Scale = 0.25, Opacity = 0.85 }).Geometry;
        var region = new Region(g.X, g.Y, g.Width, g.Height);
        var before = Frames.At(clip, 1.5);
        var after = Frames.At(output, 1.5);
        var inside = Frames.ChangedFraction(before, after, region);
        var outside = Frames.ChangedFractionOutside(before, after, region.Inflate(3));
        var brighter = after.MeanLuma(region) - before.MeanLuma(region);
        Console.WriteLine($"watermark at {g}: changed {inside:P1} inside, {outside:P2} outside, luma +{brighter:0.0}");
        // The seed's thin white letters cover a few percent of its box (3.6% measured at this size); the rest of the
        // picture is untouched.
        Assert.True(inside > 0.02, $"the watermark's letters are not in the bottom-right corner: {inside:P1} of it changed");
        Assert.True(brighter > 1.5, $"the white watermark did not brighten its corner: +{brighter:0.0}");
        Assert.True(outside < 0.001, $"pixels outside the watermark changed: {outside:P2}");
        fixture.AssertNoBrowserErrors(page);
        fixture.AssertNoBrowserErrors(dashboard);
    }

    [Fact]
    public async Task Moving_the_anchor_moves_the_preview_mark()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "");
        var mark = page.Locator(".preview-mark");
        await mark.WaitForAsync();

        await page.Locator("[data-anchor='top-left']").ClickAsync();
        await Assertions.Expect(mark).ToHaveAttributeAsync("data-x", Placement.Place(1280, 720, 640, 480, DefaultWatermark.Visible, Spec(Anchor.TopLeft)).Geometry.X.ToString(CultureInfo.InvariantCulture));
        await MarkSettledAsync(page);
        var topLeft = await mark.BoundingBoxAsync();
        await fixture.ScreenshotAsync(page, "06-preview-top-left");

        await page.Locator("[data-anchor='bottom-right']").ClickAsync();
        var expected = Placement.Place(1280, 720, 640, 480, DefaultWatermark.Visible, Spec(Anchor.BottomRight)).Geometry;
        await Assertions.Expect(mark).ToHaveAttributeAsync("data-x", expected.X.ToString(CultureInfo.InvariantCulture));
        await MarkSettledAsync(page);
        var bottomRight = await mark.BoundingBoxAsync();
        await fixture.ScreenshotAsync(page, "07-preview-bottom-right");

        Assert.NotNull(topLeft);
        Assert.NotNull(bottomRight);
        Assert.True(bottomRight.X > topLeft.X + 100 && bottomRight.Y > topLeft.Y + 50, $"the mark did not move: {topLeft.X},{topLeft.Y} -> {bottomRight.X},{bottomRight.Y}");

        // The box keeps Placement's proportions: its left edge sits at x/1280 of the frame's width.
        var frame = await page.Locator(".preview-frame").BoundingBoxAsync();
        Assert.Equal(expected.X / 1280.0, (bottomRight.X - frame!.X) / frame.Width, 2);
        Assert.Equal(expected.Width / 1280.0, bottomRight.Width / frame.Width, 2);
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_or_is_empty_shows_its_error_and_is_not_uploaded()
    {
        var text = TestMedia.TextFile(Path.Combine(work, "notes.txt"));
        var empty = TestMedia.ZeroBytes(Path.Combine(work, "empty.mp4"));
        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator(".preview-mark").WaitForAsync();

        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([text, empty]);

        await Assertions.Expect(page.Locator("[data-upload='notes.txt'] [data-testid='upload-error']"))
            .ToHaveTextAsync("'notes.txt' is not a video this service takes: use .mp4, .mov, .m4v, .mkv, .webm.");
        await Assertions.Expect(page.Locator("[data-upload='empty.mp4'] [data-testid='upload-error']")).ToHaveTextAsync("'empty.mp4' is empty.");
        await Assertions.Expect(page.Locator("[data-testid='upload-all']")).ToBeDisabledAsync();
        await fixture.ScreenshotAsync(page, "08-refused-files");
        fixture.AssertNoBrowserErrors(page);
    }

    private static WatermarkSpec Spec(Anchor anchor) => new() { Position = anchor, Margin = 0.04, Scale = 0.25, Opacity = 0.85 };

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

    /// <summary>
    /// Waits until the preview mark has finished moving: no transition runs and its box sits where its data-x says,
    /// so a bounding box read next is the final one.
    /// </summary>
    private static Task MarkSettledAsync(IPage page) => page.WaitForFunctionAsync("""
        () => {
          const mark = document.querySelector(".preview-mark"), frame = document.querySelector(".preview-frame");
          if (!mark || !frame || mark.getAnimations().length > 0) return false;
          const m = mark.getBoundingClientRect(), f = frame.getBoundingClientRect();
          return f.width > 0 && Math.abs((m.left - f.left) / f.width - Number(mark.dataset.x) / 1280) < 0.01;
        }
        """);
}
