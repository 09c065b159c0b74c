using System.Net;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>Where the URL-signing secret comes from, seen through URLs that work or do not.</summary>
public sealed class SigningKeyTests : IDisposable
{
    private readonly TempFolder data = new("vw-key");

    [Fact]
    public async Task A_generated_key_is_kept_owner_only_and_urls_survive_a_restart()
    {
        var first = new DiskObjectStore(new DiskStoreOptions { Root = data.Path }, []);
        await first.PutAsync("a.mp4", new MemoryStream([1, 2, 3]), "video/mp4");
        var url = await first.PresignDownloadAsync("a.mp4", "a.mp4", TimeSpan.FromMinutes(5));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, ".signing-key")));
        }

        await using var restarted = await BlobServer.StartAsync(new DiskObjectStore(new DiskStoreOptions { Root = data.Path }, []));
        using var response = await restarted.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 2, 3], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_configured_key_is_used_instead_of_a_generated_one()
    {
        using var other = new TempFolder("vw-key2");
        var signer = new DiskObjectStore(new DiskStoreOptions { Root = other.Path, SigningKey = new string('k', 32) }, []);
        var server = new DiskObjectStore(new DiskStoreOptions { Root = data.Path, SigningKey = new string('k', 32) }, []);
        await server.PutAsync("a.mp4", new MemoryStream([7]), "video/mp4");
        await using var blobs = await BlobServer.StartAsync(server);

        using var shared = await blobs.Http.GetAsync(await signer.PresignDownloadAsync("a.mp4", "a.mp4", TimeSpan.FromMinutes(5)));
        var generated = new DiskObjectStore(new DiskStoreOptions { Root = other.Path }, []);
        using var foreign = await blobs.Http.GetAsync(await generated.PresignDownloadAsync("a.mp4", "a.mp4", TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(File.Exists(Path.Combine(data.Path, ".signing-key")));
    }

    [Fact]
    public void A_configured_key_must_be_long_enough()
    {
        var error = Assert.Throws<ArgumentException>(() => new DiskObjectStore(new DiskStoreOptions { Root = data.Path, SigningKey = "short" }, []));

        Assert.Contains("at least 32", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => data.Dispose();
}
