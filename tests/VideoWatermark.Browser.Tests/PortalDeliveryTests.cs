using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace VideoWatermark.Browser.Tests;

/// <summary>How the portal reaches the browser and lets go of it: compressed assets, and a quick stop with a page open.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalDeliveryTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Stylesheets_and_scripts_arrive_compressed()
    {
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        // Responses are reported on Playwright's thread while the test reads them.
        var assets = new ConcurrentQueue<IResponse>();
        page.Response += (_, response) =>
        {
            var type = response.Request.ResourceType;
            if (type is "stylesheet" or "script")
            {
                assets.Enqueue(response);
            }
        };

        await BrowserFixture.OpenAsync(page, "jobs");

        Assert.Contains(assets, a => a.Url.Contains("MudBlazor.min", StringComparison.Ordinal) && a.Url.EndsWith(".css", StringComparison.Ordinal));
        long sent = 0;
        foreach (var asset in assets.ToArray())
        {
            var sizes = await asset.Request.SizesAsync();
            var encoding = await asset.HeaderValueAsync("content-encoding");
            output.WriteLine($"{asset.Url}: {encoding ?? "identity"}, {sizes.ResponseBodySize} bytes sent");
            sent += sizes.ResponseBodySize;
            Assert.True(encoding is "br" or "gzip", $"{asset.Url} came as {encoding ?? "identity"}");
        }

        output.WriteLine($"stylesheets and scripts: {sent} bytes sent");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task A_cold_load_of_the_upload_page_transfers_at_most_300_KB()
    {
        // A fresh browser context has an empty cache: everything the page needs comes over the wire.
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        var finished = new ConcurrentQueue<IRequest>();
        page.RequestFinished += (_, request) => finished.Enqueue(request);

        await BrowserFixture.OpenAsync(page, "");
        await page.Locator(".preview-mark").WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        long transferred = 0;
        foreach (var request in finished.ToArray())
        {
            var sizes = await request.SizesAsync();
            output.WriteLine($"{request.Url}: {sizes.ResponseHeadersSize + sizes.ResponseBodySize} bytes");
            transferred += sizes.ResponseHeadersSize + sizes.ResponseBodySize;
        }

        output.WriteLine($"cold load of the upload page: {transferred} bytes in {finished.Count} requests");
        Assert.True(transferred <= 300 * 1024, $"the cold load transferred {transferred:N0} bytes");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task The_portal_stops_within_seconds_while_a_browser_is_connected()
    {
        var portal = new PortalServer();
        try
        {
            var page = await fixture.NewPageAsync(BrowserFixture.Desktop, portal);
            await BrowserFixture.OpenAsync(page, "jobs");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");

            var stopping = Stopwatch.StartNew();
            await portal.DisposeAsync();
            stopping.Stop();

            output.WriteLine($"stopped in {stopping.Elapsed.TotalSeconds:0.0} s");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed.TotalSeconds:0.0} s with a page open");
            await page.Context.CloseAsync();
        }
        finally
        {
            await portal.DisposeAsync();
        }
    }
}
