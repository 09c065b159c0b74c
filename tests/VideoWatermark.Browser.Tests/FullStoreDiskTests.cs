using Microsoft.Playwright;
using VideoWatermark.Testing.Files;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// The embedded store's disk (a small tmpfs) has no room for the video: the upload's row says so in the store's own
/// words, not as a bare status code, and offers retry.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FullStoreDiskTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const int DiskMegabytes = 12;

    private readonly OwnPortal own = new("vw-browser-full");
    private Tmpfs? disk;

    [Theory]
    [MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]
    public async Task An_upload_the_store_has_no_room_for_says_the_disk_is_full(string width)
    {
        var clip = NoisyClips.Make(Path.Combine(own.Work, "big.mp4"), seconds: 4);
        Assert.True(new FileInfo(clip).Length > DiskMegabytes * 1024 * 1024, "the clip must not fit on the store's disk");
        disk = Tmpfs.Mount(Path.Combine(TempFolder.RunRoot, $"full-{Guid.NewGuid():N}"), DiskMegabytes);
        own.Start(new PortalServer(new Dictionary<string, string?> { ["VideoWatermark:DataDir"] = disk.Path }));
        var page = await own.OpenPageAsync(fixture, BrowserFixture.Viewport(width), new ExpectedFailure("507", "/storage/blobs/", "the store's disk is full"));

        await BrowserFixture.OpenAsync(page, "");
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([clip]);
        await page.Locator("[data-upload='big.mp4']").WaitForAsync();
        await page.Locator("[data-testid='upload-all']").ClickAsync();

        var row = page.Locator("[data-upload='big.mp4']");
        await Assertions.Expect(row.Locator("[data-testid='upload-error']")).ToContainTextAsync("The store's disk is full", new() { Timeout = 60_000 });
        await Assertions.Expect(row.Locator("[data-testid='upload-error']")).ToContainTextAsync("(507)");
        await fixture.ScreenshotAsync(page, $"upload-disk-full-{width}");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await own.DisposeAsync();
        disk?.Dispose();
    }
}
