using System.Text.Json;
using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A broken video (issue 11, defects 10 and 11): the browser warns before it goes up, and after the worker fails it the
/// row says why and that only a new file helps; neither the row nor the API offers a Retry that cannot work.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrokenFileTests(BrowserFixture fixture) : IDisposable
{
    private readonly string work = TestMedia.NewTempDirectory("vw-browser-broken");

    [Fact]
    public async Task A_broken_video_is_flagged_before_upload_and_after_failing_shows_its_reason_with_no_retry()
    {
        var broken = Path.Combine(work, "broken-holiday.mp4");
        await File.WriteAllTextAsync(broken, string.Concat(Enumerable.Repeat("this is not a video at all. ", 400)));

        var page = await fixture.NewPageAsync(
            expected: new ExpectedFailure("409", "/retry", "the test asks the API to retry a permanent failure"));
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync(broken);
        var row = page.Locator("[data-upload='broken-holiday.mp4']");
        await Assertions.Expect(row.Locator("[data-testid='upload-warning']")).ToContainTextAsync("cannot play");

        await page.Locator("[data-testid='upload-all']").ClickAsync();
        var reason = row.Locator("[data-testid='job-error']");
        await Assertions.Expect(reason).ToContainTextAsync("Upload a new file.", new() { Timeout = 90_000 });
        await Assertions.Expect(row.Locator("[data-testid='retry-upload']")).ToHaveCountAsync(0);
        await fixture.ScreenshotAsync(page, "broken-01-failed-with-reason");

        var href = await row.Locator("a", new() { HasText = "Open job" }).GetAttributeAsync("href");
        var id = href!.Split('/')[^1];
        var job = await page.EvaluateAsync<JsonElement>("async id => (await fetch(`api/jobs/${id}`)).json()", id);
        Assert.Equal("failed", job.GetProperty("state").GetString());
        Assert.False(job.GetProperty("retryable").GetBoolean());
        var retry = await page.EvaluateAsync<JsonElement>(
            "async id => { const r = await fetch(`api/jobs/${id}/retry`, { method: 'POST' }); return { status: r.status, body: await r.text() }; }", id);
        Assert.Equal(409, retry.GetProperty("status").GetInt32());
        Assert.Contains("Upload a new file", retry.GetProperty("body").GetString(), StringComparison.Ordinal);
        fixture.AssertNoBrowserErrors(page);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);
}
