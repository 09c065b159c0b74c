using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VideoWatermark.Core.Storage;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// With S3 as the store the browser sends the video straight to the S3 endpoint, another origin than the portal's:
/// the policy the portal derives from its storage settings lets exactly that through, single PUT and signed parts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class S3UploadPolicyTests(BrowserFixture fixture, S3rverServer s3) : IClassFixture<S3rverServer>, IAsyncLifetime
{
    private readonly OwnPortal own = new("vw-browser-s3");

    [Fact]
    public async Task Uploads_to_the_s3_endpoint_pass_the_policy_and_reach_the_bucket()
    {
        var work = own.Work;
        var portal = own.Start(new PortalServer(s3.StorageSettings, services =>
            services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey))));
        var small = TestMedia.Clip(Path.Combine(work, "harbour.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1 });
        var large = TestMedia.Clip(Path.Combine(work, "market.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 3 });
        Assert.True(new FileInfo(large).Length > PortalServer.MultipartThreshold, "the second clip must take the multipart path");

        var page = await own.OpenPageAsync(fixture);
        var response = await page.GotoAsync("");
        Assert.Contains($"connect-src 'self' {s3.Endpoint.GetLeftPart(UriPartial.Authority)};", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await page.Locator("[data-testid='dropzone'][data-ready='true']").WaitForAsync();
        await page.Locator("[data-testid='video-input']").SetInputFilesAsync([small, large]);
        await page.Locator("[data-upload='market.mp4']").WaitForAsync();
        await page.Locator("[data-testid='upload-all']").ClickAsync();

        await Assertions.Expect(page.Locator("[data-upload='harbour.mp4']")).ToHaveAttributeAsync("data-status", "uploaded");
        await Assertions.Expect(page.Locator("[data-upload='market.mp4']")).ToHaveAttributeAsync("data-status", "uploaded");
        await fixture.ScreenshotAsync(page, "10-uploaded-to-s3");

        var store = portal.Services.GetRequiredService<IObjectStore>();
        var stored = new List<long>();
        await foreach (var item in store.ListAsync("unprocessed-videos/"))
        {
            stored.Add(item.Size);
        }

        Assert.Equal(new[] { new FileInfo(small).Length, new FileInfo(large).Length }.Order(), stored.Order());
        fixture.AssertNoBrowserErrors(page);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => own.DisposeAsync().AsTask();
}
