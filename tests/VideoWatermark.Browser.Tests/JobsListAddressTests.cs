using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>The jobs list's search and state filter live in the address: they survive a reload, and Clear drops both.</summary>
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
}
