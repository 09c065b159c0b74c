using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A batch larger than the API's rate limit allows at once still uploads from the page: the upload module waits out
/// each 429 for as long as Retry-After says instead of failing the file.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RateLimitedUploadTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly OwnPortal own = new("vw-browser-limited");

    [Fact]
    public async Task Uploads_over_the_rate_limit_wait_and_finish()
    {
        var work = own.Work;
        var clips = new[] { "one", "two", "three" }
            .Select(name => TestMedia.Clip(Path.Combine(work, name + ".mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1 }))
            .Append(TestMedia.Clip(Path.Combine(work, "four.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 3 }))
            .ToArray();
        var limited = 0;
        own.Start(new PortalServer(new Dictionary<string, string?>
        {
            ["VideoWatermark:Portal:RateLimit:PermitLimit"] = "2",
            ["VideoWatermark:Portal:RateLimit:WindowSeconds"] = "2",
        }));
        var page = await own.OpenPageAsync(fixture, new ExpectedFailure("429", "/api/", "the portal allows 2 API calls per 2 s, fewer than the batch makes"));
        page.Response += (_, response) => limited += response.Status == 429 ? 1 : 0;

        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync(clips);
        await page.Locator("[data-upload='four.mp4']").WaitForAsync();
        await page.Locator("[data-testid='upload-all']").ClickAsync();

        foreach (var clip in clips)
        {
            await Assertions.Expect(page.Locator($"[data-upload='{Path.GetFileName(clip)}']")).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 30_000 });
        }

        Assert.True(limited > 0, "the batch never met the limit, so this shows nothing");
        fixture.AssertNoBrowserErrors(page);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => own.DisposeAsync().AsTask();
}
