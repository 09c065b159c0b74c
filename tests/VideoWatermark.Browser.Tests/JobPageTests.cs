using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Services;
using VideoWatermark.Testing;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A finished job's page as a person meets it: opened from the jobs list, it says where the time went and what the
/// output is, shows a poster in a player of the video's own shape, and runs the video again with another watermark.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JobPageTests(BrowserFixture fixture) : IDisposable
{
    private readonly string work = TestMedia.NewTempDirectory("vw-browser-jobpage");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_finished_portrait_job_shows_its_timing_facts_and_poster_unboxed_and_runs_again_with_another_watermark(string width)
    {
        var mark = $"again-{width}.png";
        await using (var png = File.OpenRead(TestMedia.TwoToneImage(Path.Combine(work, mark), 64, 48, "red", "blue")))
        {
            await fixture.Portal.Services.GetRequiredService<WatermarkLibrary>().UploadAsync(mark, png, png.Length);
        }

        var name = $"portrait-{width}.mp4";
        var first = await RunThroughTheApiAsync(TestMedia.Clip(Path.Combine(work, name), new ClipOptions { Width = 180, Height = 320, Seconds = 2 }), name);

        var viewport = BrowserFixture.Viewport(width);
        var page = await fixture.NewPageAsync(viewport);
        await BrowserFixture.OpenAsync(page, $"jobs?q=portrait-{width}");
        await page.Locator($"[data-job='{first}'] .job-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/jobs/{first}$"));

        // Where the time went, and what came out.
        var phases = page.Locator("[data-testid='job-phases']");
        foreach (var phase in new[] { "waiting", "downloading", "encoding", "uploading" })
        {
            await Assertions.Expect(phases.Locator($"[data-phase='{phase}']")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? s$|^\d+m \d\ds$"));
        }

        await Assertions.Expect(page.Locator("[data-testid='output-codecs']")).ToHaveTextAsync("H.264 / AAC");
        await Assertions.Expect(page.Locator("[data-testid='output-picture']")).ToHaveTextAsync("180×320");
        await Assertions.Expect(page.Locator("[data-testid='output-duration']")).ToHaveTextAsync("2.0 s");
        await Assertions.Expect(page.Locator("[data-testid='output-bitrate']")).ToHaveTextAsync(new Regex(@"^\d+ kbit/s$|^[\d.]+ Mbit/s$"));

        // The poster is a frame of the output, and the player is the video's shape, short enough to keep its controls in view.
        var video = page.Locator("[data-testid='result-video']");
        var poster = await page.EvaluateAsync<int[]>(
            "async () => { const img = new Image(); img.src = document.querySelector(\"[data-testid='result-video']\").poster; await img.decode(); return [img.naturalWidth, img.naturalHeight]; }");
        Assert.Equal([180, 320], poster);
        var box = (await video.BoundingBoxAsync())!;
        Assert.True(Math.Abs(box.Width / box.Height - 180.0 / 320) < 0.02, $"the player is {box.Width}×{box.Height} for a 180×320 video");
        Assert.True(box.Height <= viewport.Height * 0.7 + 1, $"the player is {box.Height} px tall in a {viewport.Height} px window");

        // Run again: another watermark, confirmed, lands on the new job, which succeeds.
        await page.Locator("[data-testid='run-again']").ClickAsync();
        var panel = page.Locator("[data-testid='run-again-panel']");
        await panel.GetByText("Single image").ClickAsync();
        await Assertions.Expect(panel.Locator("[data-testid='run-again-watermark']")).ToBeVisibleAsync();
        await panel.Locator("[data-testid='run-again-watermark']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = mark }).ClickAsync();
        await page.Locator("[data-anchor='top-left']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-anchor='top-left']")).ToHaveAttributeAsync("aria-checked", "true");
        await page.Locator("[data-testid='run-again-confirm']").ClickAsync();

        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex($"/jobs/{first}$"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs/[0-9a-z]{26}$"));
        var second = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(page.Locator("[data-testid='job-title']")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator(".detail-header .state-chip")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("[data-testid='result-video']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='output-picture']")).ToHaveTextAsync("180×320");

        var jobs = fixture.Portal.Services.GetRequiredService<JobStore>();
        var (before, after) = (await jobs.GetAsync(first), await jobs.GetAsync(second));
        Assert.Equal(before!.InputKey, after!.InputKey);
        Assert.NotEqual(before.OutputKey, after.OutputKey);
        Assert.Equal(($"watermarks/{mark}", Anchor.TopLeft), (after.Watermark.Image, after.Watermark.Position));
        fixture.AssertNoBrowserErrors(page);
    }

    /// <summary>Announces and uploads the clip as a script would, and waits for its job to succeed; returns its id.</summary>
    private async Task<string> RunThroughTheApiAsync(string clip, string name)
    {
        using var http = new HttpClient { BaseAddress = fixture.Portal.BaseAddress };
        using var announced = await http.PostAsJsonAsync("api/videos", new { fileName = name, contentType = "video/mp4", size = new FileInfo(clip).Length });
        var ticket = (await announced.Content.ReadFromJsonAsync<JsonObject>())!;
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = new StreamContent(File.OpenRead(clip)) };
        foreach (var (header, value) in ticket["headers"]!.AsObject())
        {
            if (!put.Content.Headers.TryAddWithoutValidation(header, value!.GetValue<string>()))
            {
                put.Headers.TryAddWithoutValidation(header, value.GetValue<string>());
            }
        }

        (await http.SendAsync(put)).EnsureSuccessStatusCode();

        var id = ticket["jobId"]!.GetValue<string>();
        var jobs = fixture.Portal.Services.GetRequiredService<JobStore>();
        var done = await Eventually.WaitAsync(async () => await jobs.GetAsync(id) is { State: var s } job && s.IsFinal() ? job : null, TimeSpan.FromSeconds(90), () => $"job {id} did not finish");
        Assert.Equal(JobState.Succeeded, done.State);
        return id;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
