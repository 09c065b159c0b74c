using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Browser.Tests;

/// <summary>Deleting a finished job from its page, by tapping Delete and confirming, at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobDeleteTests(BrowserFixture fixture)
{
    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task Delete_on_the_job_page_asks_first_then_the_job_and_its_output_are_gone_from_the_list(string width)
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, $"delete-me-{width}.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, $"jobs/{job.Id}");

        await page.Locator("[data-testid='delete']").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync($"delete-me-{width}.mp4");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='job-title']")).ToHaveTextAsync($"delete-me-{width}.mp4");

        await page.Locator("[data-testid='delete']").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Deleted the job for delete-me-{width}.mp4");
        await Assertions.Expect(page.Locator($"[data-job='{job.Id}']")).ToHaveCountAsync(0);
        Assert.Null(await fixture.Portal.Services.GetRequiredService<JobStore>().GetAsync(job.Id));
        Assert.Null(await fixture.Portal.Services.GetRequiredService<IObjectStore>().HeadAsync(job.OutputKey));
        fixture.AssertNoBrowserErrors(page);
    }
}
