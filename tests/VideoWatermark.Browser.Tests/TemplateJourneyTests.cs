using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A template made by clicking through the editor, refused when bad, saved, then picked on the upload page with a
/// variable: the clip uploaded with it comes back with the text in its pixels, and the editor previews the template
/// on that clip's own frame.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TemplateJourneyTests(BrowserFixture fixture) : IDisposable
{
    private readonly string work = TestMedia.NewTempDirectory("vw-browser-templates");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task A_template_made_in_the_editor_stamps_an_uploaded_clip_with_its_image_and_the_variables_text(string width)
    {
        var phone = width == "phone";
        var name = $"screener-{width}";
        var page = await fixture.NewPageAsync(phone ? BrowserFixture.Phone : BrowserFixture.Desktop);
        await BrowserFixture.OpenAsync(page, "jobs");

        await page.Locator("[data-nav='Templates']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Templates");
        await Assertions.Expect(page.Locator("[data-nav='Templates']")).ToHaveAttributeAsync("aria-current", "page");
        await page.Locator("[data-testid='new-template']").ClickAsync();
        await page.Locator("input[data-testid='template-name'], [data-testid='template-name'] input").FillAsync(name);
        await page.Locator("[data-testid='add-text']").ClickAsync();
        await SetTextAsync(page, "FOR {recipient}");
        await page.Locator("[data-testid='add-image']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-layer]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid='template-preview-image']")).ToBeVisibleAsync(BrowserFixture.FfmpegDrawn);
        await fixture.ScreenshotAsync(page, $"50-template-editor-{width}");
        if (phone)
        {
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 390, $"the editor is {scrollWidth} px wide at 390 px");
        }

        // A text layer with no text: the save is refused with the reason, and nothing is saved.
        await page.Locator("[data-layer='0'] .layer-pick").ClickAsync();
        await SetTextAsync(page, "");
        await page.Locator("[data-testid='save-template']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='template-error']")).ToContainTextAsync("Layer 1 (text): text is required.");
        await Assertions.Expect(page.Locator("[data-testid='template-version']")).ToHaveCountAsync(0);

        await SetTextAsync(page, "FOR {recipient}");
        await page.Locator("[data-testid='save-template']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='template-version']")).ToHaveTextAsync("Version 1");
        await Assertions.Expect(page.Locator($"[data-template='{name}']")).ToContainTextAsync("version 1");
        await fixture.ScreenshotAsync(page, $"51-template-saved-{width}");

        // The upload page: the template instead of the single image, its variable refused empty, then filled.
        var clip = TestMedia.Clip(Path.Combine(work, $"template-{width}.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 3, Color = "navy" });
        await page.Locator("[data-nav='Upload']").ClickAsync();
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator($"[data-upload='template-{width}.mp4']").WaitForAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Template" }).ClickAsync();
        await page.Locator("[data-testid='template-select']").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = name }).ClickAsync();
        var variable = page.Locator("input[data-variable='recipient'], [data-variable='recipient'] input");
        await Assertions.Expect(variable).ToBeVisibleAsync();

        await page.Locator("[data-testid='upload-all']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='template-problem']")).ToHaveTextAsync("Fill in {recipient} before uploading: the template's text needs it.");
        await Assertions.Expect(page.Locator($"[data-upload='template-{width}.mp4']")).ToHaveAttributeAsync("data-status", "ready");

        await variable.FillAsync("ANA DIAZ");
        await page.Locator("[data-testid='upload-all']").ClickAsync();
        var row = page.Locator($"[data-upload='template-{width}.mp4']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "uploaded");
        await Assertions.Expect(row.Locator(".state-chip")).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 90_000 });
        await fixture.ScreenshotAsync(page, $"52-template-upload-succeeded-{width}");

        var output = await DownloadAsync($"template-{width}.mp4");
        var before = Frames.At(clip, 1.5);
        var after = Frames.At(output, 1.5);

        // The text layer: bottom-left, 4% margin, 5% of the height; the image layer: the seed at top-right, 15% wide.
        var textBand = new Region(0, 300, 320, 60);
        var g = Placement.Compute(640, 360, DefaultWatermark.Width, DefaultWatermark.Height, new WatermarkSpec { Position = Anchor.TopRight, Margin = 0.03, Scale = 0.15 });
        var image = new Region(g.X, g.Y, g.Width, g.Height);
        var middle = new Region(0, 120, 640, 160);
        var text = Frames.ChangedFraction(before, after, textBand);
        var mark = Frames.ChangedFraction(before, after, image);
        var elsewhere = Frames.ChangedFraction(before, after, middle);
        Console.WriteLine($"{width}: text band {text:P1} changed, image {image} {mark:P1}, middle {elsewhere:P2}");
        Assert.True(text > 0.02, $"the recipient's text is not in the bottom-left band: {text:P1} of it changed");
        Assert.True(mark > 0.005, $"the image layer is not at the top-right: {mark:P1} of it changed");
        Assert.True(elsewhere < 0.001, $"pixels between the layers changed: {elsewhere:P2}");

        // Back in the editor, the template previewed on that clip: its own frame at its own size, under the layers.
        await page.Locator("[data-nav='Templates']").ClickAsync();
        await page.Locator($"[data-template='{name}'] [data-action='edit']").ClickAsync();
        var source = page.Locator("[data-frame-source]", new() { HasText = $"template-{width}.mp4" });
        await source.ClickAsync();
        var preview = page.Locator("[data-testid='template-preview']");
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-frame", "640x360", new() { Timeout = 90_000 });
        await Assertions.Expect(preview).ToHaveAttributeAsync("data-busy", "false");
        await Assertions.Expect(source).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("[data-testid='preview-size']")).ToHaveTextAsync("640×360");
        var src = (await page.Locator("[data-testid='template-preview-image']").GetAttributeAsync("src"))!;
        var previewPng = Path.Combine(work, $"preview-{width}.png");
        await File.WriteAllBytesAsync(previewPng, Convert.FromBase64String(src[(src.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        var drawn = Frames.At(previewPng);
        var background = Frames.MeanAbsDiff(drawn, before, middle);
        Assert.True(background < 3, $"the preview's background is not the clip's frame: {background:0.00} apart between the layers");
        Assert.True(Frames.ChangedFraction(before, drawn, textBand) > 0.02, "the preview has no text layer at the bottom-left");
        await fixture.ScreenshotAsync(page, $"53-template-preview-on-own-video-{width}");
        if (phone)
        {
            var editorWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(editorWidth <= 390, $"the editor with a video's frame is {editorWidth} px wide at 390 px");
        }

        fixture.AssertNoBrowserErrors(page);
    }

    /// <summary>Types into the selected text layer's field and leaves it, as a person does; the field commits on change.</summary>
    private static async Task SetTextAsync(IPage page, string text)
    {
        var field = page.Locator("input[data-testid='layer-text'], [data-testid='layer-text'] input");
        await field.FillAsync(text);
        await field.PressAsync("Tab");
        await Assertions.Expect(field).ToHaveValueAsync(text);
    }

    private async Task<string> DownloadAsync(string fileName)
    {
        using var http = new HttpClient { BaseAddress = fixture.Portal.BaseAddress };
        var jobs = await http.GetFromJsonAsync<JsonArray>($"api/jobs?search={Uri.EscapeDataString(fileName)}");
        var id = jobs!.Single(j => j!["fileName"]!.GetValue<string>() == fileName)!["id"]!.GetValue<string>();
        var path = Path.Combine(work, "out-" + fileName);
        await File.WriteAllBytesAsync(path, await http.GetByteArrayAsync($"api/jobs/{id}/download"));
        return path;
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
