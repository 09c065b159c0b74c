using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.Processes;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A person cancels a job whose encode is running, from its row on the jobs page: the encode stops (its ffmpeg is
/// gone), the row and the record say Cancelled, nothing is delivered, and the original is kept as it was.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CancelRunningJobTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly OwnPortal own = new("vw-browser-cancel");

    [Fact]
    public async Task Cancel_on_a_running_jobs_row_stops_its_encode_and_leaves_no_output()
    {
        var work = own.Work;
        var portal = own.Start(new PortalServer(new Dictionary<string, string?>
        {
            // The slowest preset on a clip of many seconds: still encoding when the click comes, even on a quiet machine.
            ["VideoWatermark:Engine:Preset"] = "veryslow",

            // Its own work root: starting clears the root's leftovers, which would hit the other tests' running jobs.
            ["VideoWatermark:Pipeline:WorkDir"] = Path.Combine(work, "runs"),
        }));
        var clip = TestMedia.Clip(Path.Combine(work, "long-take.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 30 });

        var page = await own.OpenPageAsync(fixture);
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator("[data-upload='long-take.mp4']").WaitForAsync();
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-upload='long-take.mp4']")).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });

        await page.Locator("[data-nav='Jobs']").ClickAsync();
        var row = page.Locator(".job-row", new() { HasText = "long-take.mp4" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "running", new() { Timeout = 60_000 });
        var jobId = (await row.GetAttributeAsync("data-job"))!;

        // Running starts with the download and the probe; the encode is what the cancel must stop.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (FfmpegProcesses.Using(jobId).Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the job's encode never started");
            await Task.Delay(100);
        }

        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "running");
        await fixture.ScreenshotAsync(page, "30-running-before-cancel");

        await row.Locator("[data-action='cancel']").ClickAsync();

        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "cancelled", new() { Timeout = 60_000 });
        await fixture.ScreenshotAsync(page, "31-cancelled");
        Assert.Empty(FfmpegProcesses.Using(jobId));
        var job = (await portal.Services.GetRequiredService<JobStore>().GetAsync(jobId))!;
        Assert.Equal(JobState.Cancelled, job.State);
        var store = portal.Services.GetRequiredService<IObjectStore>();
        Assert.Null(await store.HeadAsync(job.OutputKey));
        Assert.Equal(0, await row.Locator("a[href$='/download']").CountAsync());
        await using (var original = await store.OpenReadAsync(job.InputKey))
        {
            using var kept = new MemoryStream();
            await original.CopyToAsync(kept);
            Assert.Equal(await File.ReadAllBytesAsync(clip), kept.ToArray());
        }

        fixture.AssertNoBrowserErrors(page);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => own.DisposeAsync().AsTask();
}
