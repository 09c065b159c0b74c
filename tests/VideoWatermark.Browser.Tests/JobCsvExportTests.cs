using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>Export CSV on the jobs page saves what the list shows, without leaving the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobCsvExportTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("phone")]
    public async Task Export_CSV_saves_the_searched_jobs_and_stays_on_the_page(string width)
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, $"csv-export-{width}.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, $"jobs?q=csv-export-{width}");
        await Assertions.Expect(page.Locator($"[data-job='{job.Id}']")).ToBeVisibleAsync();
        var before = page.Url;

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid='export-csv']").ClickAsync());

        Assert.Equal("jobs.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Where(l => l.Length > 0).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("id,file,state,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{job.Id},csv-export-{width}.mp4,succeeded,", lines[1], StringComparison.Ordinal);
        Assert.Equal(before, page.Url);
        fixture.AssertNoBrowserErrors(page);
    }
}
