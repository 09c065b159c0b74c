using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Browser.Tests;

/// <summary>The jobs list's search, state filter and dates live in the address: they survive a reload, and Clear drops them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobsListAddressTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Search_and_filter_go_into_the_address_survive_a_reload_and_the_counts_follow_the_search()
    {
        var word = "zebra" + Guid.NewGuid().ToString("N")[..6];
        await FinishedJobs.AddAsync(fixture.Portal, $"{word}-one.mp4");
        await FinishedJobs.AddAsync(fixture.Portal, $"{word}-two.mp4");
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "jobs");

        await page.Locator("input[data-testid='job-search'], [data-testid='job-search'] input").FillAsync(word);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/jobs\\?q={word}$"));
        await Assertions.Expect(page.Locator("[data-filter='all'] b")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-filter='succeeded'] b")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("[data-filter='failed'] b")).ToHaveTextAsync("0");

        await page.Locator("[data-filter='succeeded']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/jobs\\?(state=succeeded&q={word}|q={word}&state=succeeded)$"));

        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Assertions.Expect(page.Locator("input[data-testid='job-search'], [data-testid='job-search'] input")).ToHaveValueAsync(word);
        await Assertions.Expect(page.Locator(".job-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-filter='succeeded']")).ToHaveClassAsync(new Regex("mud-chip-filled"));

        await page.Locator("[data-testid='clear-filters']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await Assertions.Expect(page.Locator("input[data-testid='job-search'], [data-testid='job-search'] input")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("[data-testid='clear-filters']")).ToHaveCountAsync(0);
        fixture.AssertNoBrowserErrors(page);
    }

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_date_range_narrows_the_list_and_its_counts_and_stays_in_the_address(string width)
    {
        var word = "okapi" + Guid.NewGuid().ToString("N")[..6];
        // Noon UTC: the same calendar day in every time zone a portal runs in but the farthest ones.
        await FinishedJobs.AddRecordAsync(fixture.Portal, $"{word}-march-10.mp4", JobState.Failed, error: "bad", created: new DateTimeOffset(2020, 3, 10, 12, 0, 0, TimeSpan.Zero));
        await FinishedJobs.AddRecordAsync(fixture.Portal, $"{word}-march-12.mp4", JobState.Cancelled, created: new DateTimeOffset(2020, 3, 12, 12, 0, 0, TimeSpan.Zero));
        await FinishedJobs.AddRecordAsync(fixture.Portal, $"{word}-today.mp4", JobState.Queued);
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, "jobs");
        await page.Locator("input[data-testid='job-search'], [data-testid='job-search'] input").FillAsync(word);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/jobs\\?q={word}$"));
        await Assertions.Expect(page.Locator(".job-row")).ToHaveCountAsync(3);

        var from = page.Locator("input[data-testid='date-from'], [data-testid='date-from'] input");
        var to = page.Locator("input[data-testid='date-to'], [data-testid='date-to'] input");
        await from.FillAsync("2020-03-11");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("from=2020-03-11"));
        await Assertions.Expect(page.Locator(".job-row .job-link")).ToHaveTextAsync([$"{word}-today.mp4", $"{word}-march-12.mp4"]);
        await to.FillAsync("2020-03-31");
        await Assertions.Expect(page.Locator(".job-row .job-link")).ToHaveTextAsync([$"{word}-march-12.mp4"]);
        await Assertions.Expect(page.Locator("[data-filter='all'] b")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-filter='cancelled'] b")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-filter='failed'] b")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid='export-csv']")).ToHaveAttributeAsync("href", new Regex("from=2020-03-11&to=2020-03-31"));
        await fixture.ScreenshotAsync(page, $"jobs-dates-{width}");

        await page.ReloadAsync();
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Assertions.Expect(from).ToHaveValueAsync("2020-03-11");
        await Assertions.Expect(to).ToHaveValueAsync("2020-03-31");
        await Assertions.Expect(page.Locator(".job-row .job-link")).ToHaveTextAsync([$"{word}-march-12.mp4"]);
        if (width == "phone")
        {
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the jobs page scrolls sideways at 390 px");
        }

        await page.Locator("[data-testid='clear-filters']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await Assertions.Expect(from).ToHaveValueAsync("");
        fixture.AssertNoBrowserErrors(page);
    }
}
