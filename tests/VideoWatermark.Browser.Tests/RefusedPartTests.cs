using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A multipart upload one of whose parts the store refuses every time fails as a whole: once the row says so, the
/// other parts in flight are cancelled instead of going on (or retrying) behind the user's back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefusedPartTests(BrowserFixture fixture)
{
    private const long PartSize = 5L * 1024 * 1024;

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_part_refused_for_good_fails_the_upload_and_cancels_the_parts_in_flight(string width)
    {
        await using var own = new OwnPortal("vw-browser-refused-part");
        own.Start(new PortalServer(new Dictionary<string, string?>
        {
            ["VideoWatermark:Portal:PartSizeBytes"] = PartSize.ToString(CultureInfo.InvariantCulture),
        }));
        var clip = TestMedia.Clip(Path.Combine(own.Work, "refused.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 5, Noise = 80 });
        Assert.True(new FileInfo(clip).Length > 5 * PartSize, "the clip must take more parts than go up at once");
        var page = await own.OpenPageAsync(
            fixture,
            BrowserFixture.Viewport(width),
            new ExpectedFailure("403", "/storage/", "the store refuses the first part every time"),
            new ExpectedFailure("net::ERR_ABORTED", "/storage/", "the parts in flight are cancelled when the upload fails"),
            new ExpectedFailure("net::ERR_ABORTED", "/parts/", "a part being signed then is cancelled too"));

        // Part 1 is refused at once, every time; every other part is held, as on a slow link, until the page drops it.
        var held = new ConcurrentDictionary<string, bool>();
        var cancelled = new ConcurrentDictionary<string, bool>();
        page.RequestFailed += (_, request) =>
        {
            if (held.ContainsKey(request.Url) && request.Failure == "net::ERR_ABORTED")
            {
                cancelled.TryAdd(request.Url, true);
            }
        };
        await page.RouteAsync("**/storage/blobs/**", async route =>
        {
            if (route.Request.Method != "PUT")
            {
                await route.ContinueAsync();
            }
            else if (SignedStoreUrl.PartNumber(route.Request.Url) == 1)
            {
                await route.FulfillAsync(new() { Status = 403, Body = "Forbidden: not this part." });
            }
            else
            {
                held.TryAdd(route.Request.Url, true);
            }
        });

        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator("[data-upload='refused.mp4']").WaitForAsync();
        await page.Locator("[data-testid='upload-all']").ClickAsync();

        var row = page.Locator("[data-upload='refused.mp4']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = 60_000 });
        await Assertions.Expect(row.Locator("[data-testid='upload-error']")).ToContainTextAsync("Forbidden: not this part.");
        Assert.NotEmpty(held);

        // Every part held in flight is dropped by the page once the upload has failed.
        await Eventually.UntilAsync(() => cancelled.Count == held.Count, TimeSpan.FromSeconds(30), () => $"{cancelled.Count} of the {held.Count} held parts were cancelled");
        await fixture.ScreenshotAsync(page, "upload-part-refused-" + width);
    }
}
