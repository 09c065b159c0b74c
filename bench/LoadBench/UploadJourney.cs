using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LoadBench;

/// <summary>
/// Issue 11's journey in headless chromium: a large video chosen on the upload page and started, then the user clicks
/// to the jobs list, the watermark library and back to the jobs list while it goes up; the upload must finish and
/// its job succeed. Reports the upload's time and the job's, and the file as stored against the one sent.
/// </summary>
internal static class UploadJourney
{
    public static async Task<int> RunAsync(Args args)
    {
        var portal = new Uri(args.Text("portal"));
        var clip = await File.ReadAllBytesAsync(args.Text("clip"));
        var size = args.Number("size", 150L * 1000 * 1000);
        var folder = args.Text("work");
        var video = new SyntheticVideo(clip, 1, size);
        var path = Path.Combine(folder, "journey-150mb.mp4");
        await using (var file = File.Create(path))
        await using (var source = video.Open(0, size))
        {
            await source.CopyToAsync(file);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(600_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync(path);
        var row = page.Locator("[data-upload='journey-150mb.mp4']");
        await row.WaitForAsync();

        var watch = Stopwatch.StartNew();
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploading");
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await page.Locator("h1", new() { HasText = "Jobs" }).WaitForAsync();
        var indicator = page.Locator("[data-testid='uploads-indicator']");
        var stillUploading = await indicator.CountAsync() == 1;
        await page.Locator("[data-nav='Watermarks']").ClickAsync();
        await page.Locator("h1", new() { HasText = "Watermarks" }).WaitForAsync();
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await Assertions.Expect(indicator).ToHaveCountAsync(0, new() { Timeout = 600_000 });
        var uploaded = watch.Elapsed.TotalSeconds;
        var jobRow = page.Locator(".job-row", new() { HasText = "journey-150mb.mp4" });
        await Assertions.Expect(jobRow).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("succeeded|failed|cancelled"), new() { Timeout = 600_000 });
        var finished = watch.Elapsed.TotalSeconds;
        var state = await jobRow.GetAttributeAsync("data-state");

        using var http = new HttpClient { BaseAddress = portal };
        var jobs = await http.GetFromJsonAsync<JsonArray>("api/jobs?search=journey-150mb&limit=5") ?? [];
        var job = jobs.Single()!;
        var stored = (long?)job["inputSize"];
        Console.WriteLine($"journey: {size / 1e6:0.#} MB, still uploading when Jobs opened: {stillUploading}, uploaded after {uploaded:0.0} s ({size / 1048576.0 / uploaded:0.0} MiB/s), job {state} after {finished:0.0} s, stored input {stored} bytes (sent {size})");
        File.Delete(path);
        return state == "succeeded" && stored == size && stillUploading ? 0 : 1;
    }
}
