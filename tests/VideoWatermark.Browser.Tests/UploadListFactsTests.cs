using Microsoft.Playwright;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// The upload list as Uppy shows it (issue 11): each chosen video with a thumbnail of its own picture, its length and
/// its size, all read by the browser before anything is uploaded.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class UploadListFactsTests(BrowserFixture fixture) : IDisposable
{
    private readonly string work = TestMedia.NewTempDirectory("vw-browser-facts");

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task Each_chosen_video_shows_a_thumbnail_of_its_picture_its_length_and_its_size(string width)
    {
        var wide = TestMedia.Clip(Path.Combine(work, $"navy-{width}.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 3, Color = "navy" });
        var tall = TestMedia.Clip(Path.Combine(work, $"tall-{width}.webm"), new ClipOptions { Width = 180, Height = 320, Seconds = 1, Color = "0xFFD700" });
        var page = await fixture.NewPageAsync(BrowserFixture.Viewport(width));
        await BrowserFixture.OpenAsync(page, "jobs");
        await page.Locator("[data-nav='Upload']").ClickAsync();
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();

        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([wide, tall]);

        var navy = page.Locator($"[data-upload='navy-{width}.mp4']");
        var gold = page.Locator($"[data-upload='tall-{width}.webm']");
        await Assertions.Expect(navy.Locator("[data-testid='upload-facts']")).ToHaveTextAsync("0:03 · 320×180");
        await Assertions.Expect(gold.Locator("[data-testid='upload-facts']")).ToHaveTextAsync("0:01 · 180×320");
        AssertColour([0, 0, 128], await CentreOfThumbnailAsync(navy), "navy");
        AssertColour([255, 215, 0], await CentreOfThumbnailAsync(gold), "gold");
        // The facts never squeeze the name out of sight: it keeps its whole width, here on a phone too.
        var name = await navy.Locator(".upload-name").EvaluateAsync<double[]>("e => [e.getBoundingClientRect().width, e.scrollWidth]");
        Assert.True(name[0] >= name[1] - 1, $"the name shows {name[0]} of its {name[1]} px");
        await fixture.ScreenshotAsync(page, $"upload-facts-{width}");
        if (width == "phone")
        {
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, "the upload page scrolls sideways at 390 px");
        }

        fixture.AssertNoBrowserErrors(page);
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    /// <summary>Within what a JPEG of a YUV 4:2:0 video frame keeps of a flat colour.</summary>
    private static void AssertColour(int[] expected, int[] actual, string name) =>
        Assert.True(expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 24), $"the {name} clip's thumbnail shows rgb({string.Join(", ", actual)})");

    /// <summary>The thumbnail's middle pixel as the page shows it.</summary>
    private static async Task<int[]> CentreOfThumbnailAsync(ILocator row)
    {
        var thumb = row.Locator("[data-testid='upload-thumb']");
        await Assertions.Expect(thumb).ToBeVisibleAsync();
        var rgb = await thumb.EvaluateAsync<int[]>("""
            async img => {
              await img.decode();
              const canvas = document.createElement("canvas");
              canvas.width = img.naturalWidth;
              canvas.height = img.naturalHeight;
              const context = canvas.getContext("2d");
              context.drawImage(img, 0, 0);
              const [r, g, b] = context.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data;
              return [r, g, b];
            }
            """);
        return rgb;
    }
}
