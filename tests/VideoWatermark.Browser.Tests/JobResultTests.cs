using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>A finished job's result: downloaded without leaving the page, and played in a player of its own shape.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobResultTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Download_from_a_job_row_saves_the_file_and_stays_on_the_jobs_page()
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, "row-download.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "jobs?q=row-download");
        var before = page.Url;

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-job='{job.Id}'] [data-action='download']").ClickAsync());

        Assert.Equal("watermark-row-download.mp4", download.SuggestedFilename);
        Assert.Null(await download.FailureAsync());
        Assert.Equal(before, page.Url);
        await Assertions.Expect(page.Locator("[data-nav='Jobs']")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator($"[data-job='{job.Id}']")).ToBeVisibleAsync();
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task Download_from_the_job_page_saves_the_file_and_stays_on_the_job_page()
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, "page-download.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, $"jobs/{job.Id}");
        var before = page.Url;

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid='download']").ClickAsync());

        Assert.Equal("watermark-page-download.mp4", download.SuggestedFilename);
        Assert.Null(await download.FailureAsync());
        Assert.Equal(before, page.Url);
        await Assertions.Expect(page.Locator("[data-testid='job-title']")).ToHaveTextAsync("page-download.mp4");
        fixture.AssertNoBrowserErrors(page);
    }

    [Theory]
    [InlineData(180, 320)]
    [InlineData(320, 180)]
    public async Task The_player_takes_the_results_shape_without_black_bars(int width, int height)
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, $"shape-{width}x{height}.mp4", width, height);
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, $"jobs/{job.Id}");
        var video = page.Locator("[data-testid='result-video']");
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-testid='result-video']\").videoWidth > 0");

        var box = (await video.BoundingBoxAsync())!;
        var shown = box.Width / box.Height;
        var real = (double)width / height;
        Assert.True(Math.Abs(shown - real) / real < 0.03, $"the player is {box.Width}×{box.Height} for a {width}×{height} video");
        fixture.AssertNoBrowserErrors(page);
    }
}
