using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A person opens Workers from the app bar, at a laptop's and at a phone's width: the pool's workers are there, a job
/// that runs shows on a worker and opens its page by a click, and once it is done the totals count it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkersPanelTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly OwnPortal own = new("vw-browser-workers");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_running_job_shows_on_a_worker_opens_its_page_and_then_counts_in_the_totals(string width)
    {
        var work = own.Work;

        // ffmpeg reads the clip at real time: the encode lasts as long as the clip, so the job is seen running on any machine.
        using var gate = new FfmpegGate(readRate: 1);
        own.Start(new PortalServer(new Dictionary<string, string?>
        {
            // Its own pool of two workers and its own jobs: the totals start from nothing.
            ["VideoWatermark:Pipeline:Workers"] = "2",
            ["VideoWatermark:Pipeline:WorkDir"] = Path.Combine(work, "runs"),
            ["VideoWatermark:Engine:FfmpegPath"] = gate.Path,
        }));
        var name = $"workers-{width}.mp4";
        var clip = TestMedia.Clip(Path.Combine(work, name), new ClipOptions { Width = 640, Height = 360, Seconds = 12 });

        var page = await own.OpenPageAsync(fixture, BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-nav='Workers']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workers$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Workers");
        await Assertions.Expect(page.Locator("[data-nav='Workers']")).ToHaveAttributeAsync("aria-current", "page");
        var workers = page.Locator(".worker-card");
        await Assertions.Expect(workers).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".worker-card[data-state='idle']")).ToHaveCountAsync(2);
        await Assertions.Expect(Figure(page, "succeeded")).ToHaveTextAsync("0");

        await page.Locator("[data-nav='Upload']").ClickAsync();
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator($"[data-upload='{name}']").WaitForAsync();
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-upload='{name}']")).ToHaveAttributeAsync("data-status", "uploaded", new() { Timeout = 60_000 });

        await page.Locator("[data-nav='Workers']").ClickAsync();
        var busy = page.Locator(".worker-card[data-state='busy']");
        await Assertions.Expect(busy).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".worker-card[data-state='idle']")).ToHaveCountAsync(1);
        await Assertions.Expect(busy.Locator(".worker-job-link")).ToHaveTextAsync(name);
        await Assertions.Expect(busy).ToContainTextAsync("elapsed");
        await NotWiderThanTheWindowAsync(page, width);
        await Assertions.Expect(page.Locator("[data-nav='Workers']")).ToHaveAttributeAsync("aria-current", "page");
        await fixture.ScreenshotAsync(page, $"50-workers-running-{width}");

        var jobId = (await busy.GetAttributeAsync("data-job"))!;
        await busy.Locator(".worker-job-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/jobs/{jobId}$"));
        await Assertions.Expect(page.Locator("[data-testid='job-title']")).ToHaveTextAsync(name);

        await page.Locator("[data-nav='Workers']").ClickAsync();
        await Assertions.Expect(Figure(page, "succeeded")).ToHaveTextAsync("1", new() { Timeout = 120_000 });
        await Assertions.Expect(Figure(page, "videos-per-hour")).ToHaveTextAsync("1");
        await Assertions.Expect(Figure(page, "failed")).ToHaveTextAsync("0");
        await Assertions.Expect(Figure(page, "video-hours")).ToHaveTextAsync("0.2 min");
        await Assertions.Expect(Figure(page, "realtime")).ToHaveTextAsync(new Regex(@"^\d+\.\d×$"));
        await Assertions.Expect(page.Locator(".worker-card[data-state='idle']")).ToHaveCountAsync(2);
        await fixture.ScreenshotAsync(page, $"51-workers-done-{width}");
        fixture.AssertNoBrowserErrors(page);
    }

    private static ILocator Figure(IPage page, string name) => page.Locator($"[data-figure='{name}'] .throughput-value");

    private static async Task NotWiderThanTheWindowAsync(IPage page, string width)
    {
        var wide = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var window = width == "phone" ? BrowserFixture.Phone.Width : BrowserFixture.Desktop.Width;
        Assert.True(wide <= window, $"/workers is {wide} px wide at {window} px");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => own.DisposeAsync().AsTask();
}
