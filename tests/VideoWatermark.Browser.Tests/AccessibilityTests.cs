using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>Every page of the portal passes axe-core's WCAG 2.x A/AA rules at desktop and at phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task Every_page_passes_axe_core(string width)
    {
        var finished = await FinishedJobs.AddAsync(fixture.Portal, $"axe-{width}.mp4");
        var running = await FinishedJobs.AddRecordAsync(fixture.Portal, $"axe-{width}-running.mp4", JobState.Running);
        var failed = await FinishedJobs.AddRecordAsync(fixture.Portal, $"axe-{width}-failed.mp4", JobState.Failed, error: "The video could not be read.");
        await FinishedJobs.AddRecordAsync(fixture.Portal, $"axe-{width}-stopping.mp4", JobState.Running, cancelRequested: true);
        foreach (var state in new[] { JobState.Pending, JobState.Queued, JobState.Cancelled })
        {
            await FinishedJobs.AddRecordAsync(fixture.Portal, $"axe-{width}-{state}.mp4", state);
        }

        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        foreach (var path in new[] { "", "jobs", "watermarks", "templates", "workers", $"jobs/{finished.Id}", $"jobs/{running.Id}", $"jobs/{failed.Id}" })
        {
            await BrowserFixture.OpenAsync(page, path);
            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await Axe.AssertNoViolationsAsync(page, $"/{path} at {width} width");
        }

        // The template editor with a text and an image layer, the properties panel and the drawn preview with the
        // layers' boxes over it (the selected one with its corner).
        await BrowserFixture.OpenAsync(page, "templates");
        await page.Locator("[data-testid='new-template']").ClickAsync();
        await page.Locator("[data-testid='add-text']").ClickAsync();
        await page.Locator("[data-testid='add-image']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='template-preview-image']")).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        await Assertions.Expect(page.Locator("[data-layer-box]")).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("[data-layer-box] [data-resize]")).ToHaveCountAsync(1);
        await Axe.AssertNoViolationsAsync(page, $"the template editor with two layers at {width} width");

        // The upload page once a file is chosen: its row, the placement controls and the preview.
        var clip = TestMedia.Clip(Path.Combine(TestMedia.NewTempDirectory("vw-browser-axe"), "axe-chosen.mp4"), new ClipOptions { Seconds = 1 });
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator("[data-upload='axe-chosen.mp4']").WaitForAsync();
        await Assertions.Expect(page.Locator(".preview-frame")).ToHaveAttributeAsync("data-frame", "320x180");
        await Axe.AssertNoViolationsAsync(page, $"the upload page with a file chosen at {width} width");

        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task The_delete_dialog_passes_axe_core()
    {
        var finished = await FinishedJobs.AddAsync(fixture.Portal, "axe-dialog.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Phone);
        await BrowserFixture.OpenAsync(page, $"jobs/{finished.Id}");

        await page.Locator("[data-testid='delete']").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToBeVisibleAsync();

        await Axe.AssertNoViolationsAsync(page, "the delete dialog");
        fixture.AssertNoBrowserErrors(page);
    }
}
