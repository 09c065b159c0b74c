using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WatermarkLibraryTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_library_shows_the_seed_watermark_as_the_default_with_a_thumbnail_that_loads()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-nav='Watermarks']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/watermarks$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Watermarks");

        var card = page.Locator("[data-watermark='watermark.png']");
        await Assertions.Expect(card).ToContainTextAsync("PNG · 640×480");
        await Assertions.Expect(card).ToContainTextAsync("Default");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector(\"[data-watermark='watermark.png'] img\"); return i && i.complete && i.naturalWidth === 640; }");
        await fixture.ScreenshotAsync(page, "09-watermark-library");
        fixture.AssertNoBrowserErrors(page);
    }
}
