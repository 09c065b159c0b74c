using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Uploads belong to the tab, not to the upload page (issue 11, defects 2, 13 and 14): they go on while the user clicks
/// through the portal, the app bar shows them, and the page finds them, the chosen files and the placement again.
/// The browser's upload bandwidth is throttled (Chromium's network emulation) so an upload is still in flight while
/// the user clicks; the portal's multipart threshold is small (<see cref="PortalServer.MultipartThreshold"/>), so a
/// clip of a few hundred kilobytes takes the multipart path a 150 MB file takes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadsAcrossPagesTests(BrowserFixture fixture) : IDisposable
{
    private const int ThrottledBytesPerSecond = 32 * 1024;

    private readonly string work = TestMedia.NewTempDirectory("vw-browser-across");

    /// <summary>
    /// A click away from the upload page before its first render reached the browser: the page's elements are gone when
    /// the script is told to attach to them, which used to throw and end the tab's circuit.
    /// </summary>
    [Fact]
    public async Task Attaching_to_an_upload_page_already_left_does_nothing()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "watermarks");

        // Blazor hands the script null for an element reference whose element is no longer in the page.
        var thrown = await page.EvaluateAsync<string?>(
            "async () => { try { (await import('./js/upload.js')).attach(null, null); return null; } catch (e) { return String(e); } }");

        Assert.Null(thrown);
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task An_upload_started_on_the_upload_page_goes_on_while_the_user_visits_jobs_and_watermarks_and_ends_succeeded()
    {
        var clip = TestMedia.Clip(Path.Combine(work, "harbour-tour.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 4 });
        var size = new FileInfo(clip).Length;
        Assert.True(size > PortalServer.MultipartThreshold, $"the clip is only {size} bytes: it would not take the multipart path");

        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        var row = page.Locator("[data-upload='harbour-tour.mp4']");
        await row.WaitForAsync();
        await page.Locator("[data-anchor='top-left']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-anchor='top-left']")).ToHaveAttributeAsync("aria-checked", "true");

        var network = await ThrottleUploadsAsync(page, ThrottledBytesPerSecond);
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploading");

        // Away from the upload page by the app bar, as a person does: the upload stays in the app bar.
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await page.Locator("h1", new() { HasText = "Jobs" }).WaitForAsync();
        var indicator = page.Locator("[data-testid='uploads-indicator']");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(indicator).ToContainTextAsync("1 upload");
        await page.Locator("[data-nav='Watermarks']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/watermarks$"));
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-count", "1");
        await fixture.ScreenshotAsync(page, "across-01-uploading-on-watermarks");

        // Back to the upload page through the indicator: the file is still going up, the placement still chosen.
        await indicator.ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploading");
        await Assertions.Expect(page.Locator("[data-anchor='top-left']")).ToHaveAttributeAsync("aria-checked", "true");

        await network.SendAsync("Network.emulateNetworkConditions", Unthrottled());
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });
        await Assertions.Expect(indicator).ToHaveCountAsync(0);

        await page.Locator("[data-nav='Jobs']").ClickAsync();
        var jobRow = page.Locator(".job-row", new() { HasText = "harbour-tour.mp4" });
        await Assertions.Expect(jobRow).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator(".job-row", new() { HasText = "harbour-tour.mp4" })).ToHaveCountAsync(1);
        await fixture.ScreenshotAsync(page, "across-02-succeeded");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task Closing_the_tab_mid_upload_asks_first_then_cancelling_is_shown_as_the_users_choice_and_the_same_file_is_not_queued_twice()
    {
        var clip = TestMedia.Clip(Path.Combine(work, "long-drive.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 4 });
        var page = await fixture.NewPageAsync(
            expected:
            [
                new ExpectedFailure("net::ERR_ABORTED", "/storage/", "the user cancels the upload mid-part"),
                new ExpectedFailure("net::ERR_ABORTED", "/api/videos", "on a throttled link the cancel can land while the upload is announced or a part signed"),
            ]);
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        var row = page.Locator("[data-upload='long-drive.mp4']");
        await row.WaitForAsync();

        // The same file chosen again is noticed and not listed twice.
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await Assertions.Expect(page.Locator("[data-testid='duplicate-notice']")).ToContainTextAsync("long-drive.mp4");
        await Assertions.Expect(row).ToHaveCountAsync(1);

        await ThrottleUploadsAsync(page, ThrottledBytesPerSecond / 2);
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploading");

        var asked = new TaskCompletionSource<string>();
        page.Dialog += async (_, dialog) =>
        {
            asked.TrySetResult(dialog.Type);
            await dialog.DismissAsync();
        };
        await page.CloseAsync(new() { RunBeforeUnload = true });
        Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(20)));

        // The user stayed: the upload goes on until they cancel it, which is no error.
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploading");
        await row.Locator("[data-testid='cancel-upload']").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "cancelled");
        await Assertions.Expect(row.Locator("[data-testid='upload-cancelled']")).ToHaveTextAsync("Cancelled by you");
        await Assertions.Expect(row.Locator("[data-testid='upload-error']")).ToHaveCountAsync(0);
        var colour = await row.Locator("[data-testid='upload-cancelled']").EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.NotEqual("rgb(214, 69, 69)", colour);
        await fixture.ScreenshotAsync(page, "across-03-cancelled-by-you");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task A_watermark_added_in_another_tab_appears_in_the_upload_pages_list_without_losing_the_chosen_file()
    {
        var clip = TestMedia.Clip(Path.Combine(work, "garden.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1 });
        var mark = TestMedia.TwoToneImage(Path.Combine(work, "sunset-logo.png"), 120, 60);

        var upload = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(upload, "");
        await upload.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await upload.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await upload.Locator("[data-upload='garden.mp4']").WaitForAsync();

        var library = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(library, "watermarks");
        await library.Locator("[data-testid='watermark-upload'][data-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await library.Locator("input[type=file]").SetInputFilesAsync(mark);
        await library.Locator("[data-watermark='sunset-logo.png']").WaitForAsync();

        await upload.Locator("[data-testid='watermark-select']").ClickAsync();
        await Assertions.Expect(upload.Locator(".mud-popover-open", new() { HasText = "sunset-logo.png" })).ToBeVisibleAsync();
        await upload.Locator(".mud-popover-open .mud-list-item", new() { HasText = "sunset-logo.png" }).ClickAsync();
        await Assertions.Expect(upload.Locator(".preview-mark img")).ToHaveAttributeAsync("src", "api/watermarks/sunset-logo.png/image");
        await Assertions.Expect(upload.Locator("[data-upload='garden.mp4']")).ToHaveAttributeAsync("data-status", "ready");
        fixture.AssertNoBrowserErrors(upload);
        fixture.AssertNoBrowserErrors(library);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static async Task<ICDPSession> ThrottleUploadsAsync(IPage page, int bytesPerSecond)
    {
        var session = await page.Context.NewCDPSessionAsync(page);
        await session.SendAsync("Network.enable");
        await session.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false,
            ["latency"] = 0,
            ["downloadThroughput"] = -1,
            ["uploadThroughput"] = bytesPerSecond,
        });
        return session;
    }

    private static Dictionary<string, object> Unthrottled() => new()
    {
        ["offline"] = false,
        ["latency"] = 0,
        ["downloadThroughput"] = -1,
        ["uploadThroughput"] = -1,
    };
}
