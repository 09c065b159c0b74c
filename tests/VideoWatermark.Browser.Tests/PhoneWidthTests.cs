using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>At a phone's width (390 × 844) no page scrolls sideways and every app-bar destination is in reach.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture fixture)
{
    [Fact]
    public async Task No_page_is_wider_than_the_phone()
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, "a-rather-long-holiday-video-name-from-the-beach.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Phone);
        foreach (var path in new[] { "", "jobs", "watermarks", "templates", "workers", $"jobs/{job.Id}" })
        {
            await BrowserFixture.OpenAsync(page, path);
            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"/{path} is {width} px wide at 390 px");
        }

        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task Every_app_bar_destination_and_the_user_are_in_reach_and_open_by_a_tap()
    {
        var page = await fixture.NewPageAsync(BrowserFixture.Phone);
        await BrowserFixture.OpenAsync(page, "jobs");

        foreach (var nav in new[] { "Upload", "Watermarks", "Templates", "Workers", "Jobs" })
        {
            var link = page.Locator($"[data-nav='{nav}']");
            await AssertInsideAsync(link, nav);
            await link.ClickAsync();
            await Assertions.Expect(link).ToHaveAttributeAsync("aria-current", "page");
        }

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await AssertInsideAsync(page.Locator("[data-testid='signed-in-user']"), "the signed-in user");
        await fixture.ScreenshotAsync(page, "40-phone-jobs");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task A_jobs_actions_are_in_reach_without_scrolling_sideways()
    {
        var job = await FinishedJobs.AddAsync(fixture.Portal, "phone-actions.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Phone);
        await BrowserFixture.OpenAsync(page, "jobs?q=phone-actions");

        var row = page.Locator($"[data-job='{job.Id}']");
        await AssertInsideAsync(row.Locator("[data-action='download']"), "the row's download");
        await AssertInsideAsync(row.Locator(".job-state"), "the row's state");
        fixture.AssertNoBrowserErrors(page);
    }

    private static async Task AssertInsideAsync(ILocator element, string what)
    {
        await Assertions.Expect(element).ToBeVisibleAsync();
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"{what} spans x {box.X}..{box.X + box.Width}, outside the 390 px screen");
    }
}
