using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// The browser notification when a job of mine finishes while the tab is in the background (issue 11): asked for
/// once, on the first files chosen, never again; none while the tab is in front; one for a job finished behind it,
/// whose click brings the job's page.
/// </summary>
/// <remarks>
/// Headless Chromium shows no notification anyone could see and cannot put a tab in the background, so the page's
/// <c>Notification</c> is a recorder (starting, like a new browser, at "default" and granting when asked) and the
/// tab's visibility is switched by the test; everything else — the portal, the pipeline, the scripts — is real.
/// </remarks>
[Collection(BrowserCollection.Name)]
public sealed class JobNotificationTests(BrowserFixture fixture) : IDisposable
{
    private const string RecordingNotifications = """
        (() => {
          const shown = [];
          let asks = 0;
          let permission = "default";
          let hidden = false;
          class RecordedNotification {
            constructor(title, options) {
              shown.push({ title, body: options?.body, tag: options?.tag });
              RecordedNotification.last = this;
            }
            static get permission() { return permission; }
            static requestPermission() { asks++; permission = "granted"; return Promise.resolve(permission); }
            close() {}
          }
          window.Notification = RecordedNotification;
          Object.defineProperty(document, "visibilityState", { get: () => (hidden ? "hidden" : "visible"), configurable: true });
          Object.defineProperty(document, "hidden", { get: () => hidden, configurable: true });
          window.__notifications = {
            shown,
            asks: () => asks,
            setHidden: (value) => { hidden = value; document.dispatchEvent(new Event("visibilitychange")); },
            clickLast: () => RecordedNotification.last.onclick(),
          };
        })();
        """;

    private readonly string work = TestMedia.NewTempDirectory("vw-browser-notify");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_job_finished_while_the_tab_is_in_the_background_is_notified_once_and_its_click_opens_the_job(string width)
    {
        var front = TestMedia.Clip(Path.Combine(work, $"front-{width}.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1 });
        var behind = TestMedia.Clip(Path.Combine(work, $"behind-{width}.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1, Color = "navy" });
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await page.Context.AddInitScriptAsync(RecordingNotifications);
        await BrowserFixture.OpenAsync(page, "jobs");

        // The first files chosen ask for the permission; the tab is in front, so the finished job is shown only in the page.
        await page.Locator("[data-nav='Upload']").ClickAsync();
        await ChooseAsync(page, front);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__notifications.asks()"));
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-upload='{Path.GetFileName(front)}']")).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await Assertions.Expect(page.Locator(".job-row", new() { HasText = Path.GetFileName(front) })).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });

        // Behind other windows: the next job's finish is notified, once, and choosing files does not ask again.
        await page.Locator("[data-nav='Upload']").ClickAsync();
        await ChooseAsync(page, behind);
        await page.EvaluateAsync("() => window.__notifications.setHidden(true)");
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.__notifications.shown.length > 0", null, new() { Timeout = 120_000 });
        var shown = await page.EvaluateAsync<Shown[]>("() => window.__notifications.shown");
        var notice = Assert.Single(shown);
        Assert.Equal($"Watermarked: {Path.GetFileName(behind)}", notice.Title);
        Assert.Equal("Ready to preview and download.", notice.Body);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__notifications.asks()"));

        // The user clicks it: the tab comes forward on that job's page.
        await page.EvaluateAsync("() => { window.__notifications.setHidden(false); window.__notifications.clickLast(); }");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/jobs/{notice.Tag}$"));
        await Assertions.Expect(page.Locator("[data-testid='job-title']")).ToHaveTextAsync(Path.GetFileName(behind));
        await fixture.ScreenshotAsync(page, $"notify-01-job-opened-{width}");

        // Another visit (a new document, the prompt having been dismissed): files chosen never ask again.
        await page.ReloadAsync();
        await page.Locator("[data-nav='Upload']").ClickAsync();
        await ChooseAsync(page, front);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__notifications.asks()"));
        fixture.AssertNoBrowserErrors(page);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    private static async Task ChooseAsync(IPage page, string clip)
    {
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator($"[data-upload='{Path.GetFileName(clip)}']").WaitForAsync();
    }

    /// <summary>A notification as the page made it (Playwright fills it from the script's object).</summary>
    private sealed class Shown
    {
        public string Title { get; set; } = "";

        public string Body { get; set; } = "";

        public string Tag { get; set; } = "";
    }
}
