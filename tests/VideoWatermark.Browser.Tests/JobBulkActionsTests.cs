using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Many jobs at once on the jobs page (issue 11): ticked one by one or all shown, then downloaded as one ZIP of their
/// results, streamed by the portal, and deleted after one confirmation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JobBulkActionsTests(BrowserFixture fixture)
{
    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task Ticked_jobs_download_as_one_zip_of_their_results_and_are_deleted_after_one_confirmation(string width)
    {
        var harbour = await FinishedJobs.AddAsync(fixture.Portal, $"bulk-{width}-harbour.mp4");
        var garden = await FinishedJobs.AddAsync(fixture.Portal, $"bulk-{width}-garden.mp4", 240, 180);
        var broken = await FinishedJobs.AddRecordAsync(fixture.Portal, $"bulk-{width}-broken.mov", JobState.Failed, "The video has no video stream.");
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await page.Locator("input[data-testid='job-search'], [data-testid='job-search'] input").FillAsync($"bulk-{width}");
        await Assertions.Expect(page.Locator(".job-row")).ToHaveCountAsync(3);

        // One ticked: the bar offers its result; then every job shown.
        await page.Locator($"[data-select='{harbour.Id}']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='selected-count']")).ToHaveTextAsync("1 selected");
        await page.Locator("[data-testid='select-all']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='selected-count']")).ToHaveTextAsync("3 selected");
        await Assertions.Expect(page.Locator("[data-testid='download-zip']")).ToContainTextAsync("Download ZIP (2)");
        await Assertions.Expect(page.Locator("[data-testid='delete-selected']")).ToContainTextAsync("Delete (3)");
        await fixture.ScreenshotAsync(page, $"bulk-01-selected-{width}");
        if (width == "phone")
        {
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the jobs page scrolls sideways at 390 px");
        }

        // The ZIP holds the two results, byte for byte as stored, under the names a single download gives them.
        var before = page.Url;
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid='download-zip']").ClickAsync());
        Assert.Null(await download.FailureAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Equal(before, page.Url);
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            Assert.Equal(
                [$"watermark-bulk-{width}-garden.mp4", $"watermark-bulk-{width}-harbour.mp4"],
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            foreach (var (job, entry) in new[] { harbour, garden }.Select(j => (j, zip.GetEntry($"watermark-{j.FileName}")!)))
            {
                await using var stored = await Store.OpenReadAsync(job.OutputKey);
                await using var zipped = entry.Open();
                Assert.Equal(Convert.ToHexString(await SHA256.HashDataAsync(stored)), Convert.ToHexString(await SHA256.HashDataAsync(zipped)));
            }
        }

        // Delete: asked once for all three, then gone from the list and from the store.
        await page.Locator("[data-testid='delete-selected']").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Delete 3 jobs?");
        await page.Locator(".mud-dialog button", new() { HasText = "Delete" }).ClickAsync();
        await Assertions.Expect(page.Locator(".job-row")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='bulk-bar']")).ToHaveCountAsync(0);
        Assert.Null(await Store.HeadAsync(harbour.OutputKey));
        Assert.Null(await Store.HeadAsync(garden.OutputKey));
        Assert.Null(await fixture.Portal.Services.GetRequiredService<JobStore>().GetAsync(broken.Id));
        fixture.AssertNoBrowserErrors(page);
    }

    private IObjectStore Store => fixture.Portal.Services.GetRequiredService<IObjectStore>();
}
