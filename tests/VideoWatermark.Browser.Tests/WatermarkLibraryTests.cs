using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Services;

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

    [Fact]
    public async Task A_double_click_on_delete_asks_once_naming_the_watermark_and_deletes_only_that_one()
    {
        var library = fixture.Portal.Services.GetRequiredService<WatermarkLibrary>();
        foreach (var name in new[] { "dbl-first.png", "dbl-second.png" })
        {
            await using var png = DefaultWatermark.OpenRead();
            await library.UploadAsync(name, png, png.Length);
        }

        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "watermarks");
        var first = page.Locator("[data-watermark='dbl-first.png']");
        var second = page.Locator("[data-watermark='dbl-second.png']");
        await Assertions.Expect(second).ToBeVisibleAsync();

        await first.Locator("[data-action='delete']").DblClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("dbl-first.png");
        await fixture.ScreenshotAsync(page, "10-watermark-delete-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();

        await Assertions.Expect(first).ToHaveCountAsync(0);
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(second).ToBeVisibleAsync();
        Assert.Contains(await library.ListAsync(), w => w.Name == "dbl-second.png");
        Assert.DoesNotContain(await library.ListAsync(), w => w.Name == "dbl-first.png");
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task Keep_it_in_the_delete_dialog_keeps_the_watermark()
    {
        var library = fixture.Portal.Services.GetRequiredService<WatermarkLibrary>();
        await using (var png = DefaultWatermark.OpenRead())
        {
            await library.UploadAsync("kept.png", png, png.Length);
        }

        var page = await fixture.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "watermarks");
        await page.Locator("[data-watermark='kept.png'] [data-action='delete']").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Keep it" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-watermark='kept.png']")).ToBeVisibleAsync();
        Assert.Contains(await library.ListAsync(), w => w.Name == "kept.png");
        fixture.AssertNoBrowserErrors(page);
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_snackbar_leaves_the_app_bar_and_the_add_button_uncovered(int width, int height)
    {
        var image = Path.Combine(VideoWatermark.Testing.Media.TestMedia.NewTempDirectory("vw-browser-snack"), $"snack-{width}.png");
        await using (var png = DefaultWatermark.OpenRead())
        await using (var file = File.Create(image))
        {
            await png.CopyToAsync(file);
        }

        var page = await fixture.NewPageAsync(new ViewportSize { Width = width, Height = height });
        await BrowserFixture.OpenAsync(page, "watermarks");
        await page.Locator("[data-testid='watermark-upload'][data-ready='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Add watermark" }).ClickAsync());
        await chooser.SetFilesAsync(image);
        var snackbar = page.Locator(".mud-snackbar", new() { HasText = $"Added snack-{width}.png" });
        await Assertions.Expect(snackbar).ToBeVisibleAsync();

        var shown = (await snackbar.BoundingBoxAsync())!;
        var covered = new[]
        {
            (page.Locator(".mud-appbar"), "the app bar"),
            (page.GetByRole(AriaRole.Button, new() { Name = "Add watermark" }), "Add watermark"),
        };
        foreach (var (element, what) in covered)
        {
            var other = (await element.BoundingBoxAsync())!;
            var overlaps = shown.X < other.X + other.Width && other.X < shown.X + shown.Width
                && shown.Y < other.Y + other.Height && other.Y < shown.Y + shown.Height;
            Assert.False(overlaps, $"the snackbar at {shown.X},{shown.Y} {shown.Width}×{shown.Height} covers {what}");
        }

        fixture.AssertNoBrowserErrors(page);
    }
}
