using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>The app bar's destinations are links a person can click, middle-click or open in a new tab, from any page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AppBarNavigationTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("jobs")]
    [InlineData("watermarks")]
    [InlineData("workers")]
    public async Task The_app_bars_Upload_is_a_link_that_opens_the_upload_page(string from)
    {
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, from);

        var upload = page.Locator("[data-nav='Upload']");
        Assert.Equal("a", await upload.EvaluateAsync<string>("e => e.tagName.toLowerCase()"));
        Assert.False(string.IsNullOrEmpty(await upload.GetAttributeAsync("href")));

        await upload.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^[^?#]*/$"));
        await Assertions.Expect(page.Locator("[data-testid='dropzone']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-nav='Upload']")).ToHaveAttributeAsync("aria-current", "page");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task Every_destination_opens_from_every_other_by_clicking()
    {
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "watermarks");
        foreach (var (nav, heading) in new[] { ("Jobs", "Jobs"), ("Upload", null), ("Watermarks", "Watermarks"), ("Workers", "Workers"), ("Templates", "Templates"), ("Jobs", "Jobs") })
        {
            await page.Locator($"[data-nav='{nav}']").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-nav='{nav}']")).ToHaveAttributeAsync("aria-current", "page");
            if (heading is not null)
            {
                await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            }
            else
            {
                await Assertions.Expect(page.Locator("[data-testid='dropzone']")).ToBeVisibleAsync();
            }
        }

        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task An_unknown_address_shows_a_page_with_links_back()
    {
        var page = await fixture.NewPageAsync(BrowserFixture.Desktop, expected: new ExpectedFailure("404", "/no-such-page", "the address this test makes up"));
        var response = await page.GotoAsync("no-such-page");
        Assert.Equal(404, response!.Status);
        await page.Locator("[data-interactive='true']").WaitForAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("There is nothing at this address");
        await page.Locator("[data-testid='not-found'] [data-link='Jobs']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/jobs$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        fixture.AssertNoBrowserErrors(page);
    }
}
