using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Security;
using VideoWatermark.Testing.Files;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>
/// The embedded store's disk really fills (its data folder is a small tmpfs) while the real portal, in Production,
/// takes an upload: the browser is told why with 507, nothing of the upload is kept, and the store goes on working.
/// </summary>
public sealed class FullDiskUploadTests(FullDiskUploadTests.FullDiskPortal portal) : IClassFixture<FullDiskUploadTests.FullDiskPortal>
{
    private const int DiskMegabytes = 24;
    private const int TooBig = 32 * 1024 * 1024;

    private IObjectStore Store => portal.Services.GetRequiredService<IObjectStore>();

    [Fact]
    public async Task An_upload_the_disk_has_no_room_for_gets_507_saying_so_and_leaves_nothing()
    {
        var key = $"unprocessed-videos/{Guid.NewGuid():N}/big.mp4";
        var url = await Store.PresignUploadAsync(key, "video/mp4", TooBig, TimeSpan.FromMinutes(5));

        using var response = await PutAsync(url.Url, TooBig);

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Contains("disk is full", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await Store.HeadAsync(key));
        AssertDiskHasRoomAgain();
        await AssertASmallUploadStillWorksAsync();
    }

    [Fact]
    public async Task A_multipart_part_the_disk_has_no_room_for_gets_507_and_is_not_listed()
    {
        var key = $"unprocessed-videos/{Guid.NewGuid():N}/parts.mp4";
        var uploadId = await Store.StartMultipartUploadAsync(key, "video/mp4");
        var part = await Store.PresignUploadPartAsync(key, uploadId, 1, TimeSpan.FromMinutes(5));

        using var response = await PutAsync(part.Url, TooBig);

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        Assert.Contains("disk is full", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await Store.ListPartsAsync(key, uploadId))!);
        AssertDiskHasRoomAgain();
        await AssertASmallUploadStillWorksAsync();
    }

    private void AssertDiskHasRoomAgain()
    {
        var free = new DriveInfo(portal.DiskPath).AvailableFreeSpace;
        Assert.True(free > (DiskMegabytes - 4) * 1024L * 1024, $"only {free} bytes free on the store's disk: a failed upload left its bytes behind");
    }

    private async Task AssertASmallUploadStillWorksAsync()
    {
        var key = $"unprocessed-videos/{Guid.NewGuid():N}/small.mp4";
        var url = await Store.PresignUploadAsync(key, "video/mp4", 1000, TimeSpan.FromMinutes(5));
        using var response = await PutAsync(url.Url, 1000);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, (await Store.HeadAsync(key))!.Size);
    }

    private async Task<HttpResponseMessage> PutAsync(Uri url, int length)
    {
        using var http = portal.Http();
        var content = new ByteArrayContent(new byte[length]);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        return await http.PutAsync(url, content);
    }

    /// <summary>The real portal whose data folder, where the embedded store keeps its objects, is a small tmpfs.</summary>
    public sealed class FullDiskPortal : KestrelPortal
    {
        private readonly Tmpfs disk;

        public FullDiskPortal()
            : this(Tmpfs.Mount(Path.Combine(TempFolder.RunRoot, $"full-{Guid.NewGuid():N}"), DiskMegabytes))
        {
        }

        private FullDiskPortal(Tmpfs disk)
            : base(new Dictionary<string, string?> { ["VideoWatermark:DataDir"] = disk.Path }) => this.disk = disk;

        public string DiskPath => disk.Path;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                disk.Dispose();
            }
        }
    }
}
