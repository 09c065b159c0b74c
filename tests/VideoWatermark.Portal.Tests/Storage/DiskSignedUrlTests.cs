using System.Net;
using System.Net.Http.Headers;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>
/// The portal-served URLs of the disk store refuse every request their signature does not cover, with 403 (or 413
/// for a body over the signed length), and a refused upload leaves nothing behind.
/// </summary>
public sealed class DiskSignedUrlTests(EmbeddedStorageHost host) : IClassFixture<EmbeddedStorageHost>
{
    private readonly string prefix = $"signed/{Guid.NewGuid():N}/";

    private DiskObjectStore Store => host.Store;

    [Fact]
    public async Task A_valid_upload_url_works_so_the_refusals_below_mean_something()
    {
        var key = prefix + "ok.mp4";
        var request = await Store.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(5));

        using var response = await PutAsync(request.Url, new byte[100], "video/mp4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100, (await Store.HeadAsync(key))!.Size);
        Assert.StartsWith("/storage/blobs/", request.Url.OriginalString, StringComparison.Ordinal);
        Assert.False(request.Url.IsAbsoluteUri);
    }

    [Fact]
    public async Task A_tampered_token_is_refused_and_nothing_is_written()
    {
        var key = prefix + "tampered.mp4";
        var token = Token(await Store.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(5)));
        var flipped = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];

        using var response = await PutAsync(Url(flipped), new byte[10], "video/mp4");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task A_signature_cannot_be_moved_onto_another_key()
    {
        var allowed = Token(await Store.PresignUploadAsync(prefix + "mine.mp4", "video/mp4", 100, TimeSpan.FromMinutes(5)));
        var other = Token(await Store.PresignUploadAsync(prefix + "other.mp4", "video/mp4", 100, TimeSpan.FromMinutes(5)));
        var forged = other.Split('.')[0] + "." + allowed.Split('.')[1];

        using var response = await PutAsync(Url(forged), new byte[10], "video/mp4");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingWrittenAsync(prefix + "other.mp4");
        await AssertNothingWrittenAsync(prefix + "mine.mp4");
    }

    [Fact]
    public async Task An_expired_url_is_refused_for_upload_and_download()
    {
        var key = prefix + "late.mp4";
        await Store.PutAsync(key + ".existing", new MemoryStream([1, 2, 3]), "video/mp4");
        // Same data folder, so the same signing key, but a clock an hour behind: its URLs expired long ago.
        var past = new DiskObjectStore(new DiskStoreOptions { Root = host.DataDir }, [], new ShiftedTime(TimeSpan.FromHours(-1)));
        var upload = await past.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(30));
        var download = await past.PresignDownloadAsync(key + ".existing", "x.mp4", TimeSpan.FromMinutes(30));

        using var put = await PutAsync(upload.Url, new byte[10], "video/mp4");
        using var get = await host.Http.GetAsync(download);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("expired", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task A_url_signed_with_another_key_is_refused()
    {
        using var elsewhere = new TempFolder("vw-other");
        var stranger = new DiskObjectStore(new DiskStoreOptions { Root = elsewhere.Path, SigningKey = new string('s', 40) }, []);
        var key = prefix + "stranger.mp4";

        using var response = await PutAsync((await stranger.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(5))).Url, new byte[10], "video/mp4");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task Upload_and_download_urls_cannot_be_swapped()
    {
        var key = prefix + "swap.mp4";
        await Store.PutAsync(key, new MemoryStream([9, 9, 9]), "video/mp4");
        var upload = await Store.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(5));
        var download = await Store.PresignDownloadAsync(key, "swap.mp4", TimeSpan.FromMinutes(5));

        using var get = await host.Http.GetAsync(upload.Url);
        using var put = await PutAsync(download, new byte[10], "video/mp4");

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(3, (await Store.HeadAsync(key))!.Size);
    }

    [Fact]
    public async Task The_wrong_content_type_is_refused_and_nothing_is_written()
    {
        var key = prefix + "typed.mp4";
        var request = await Store.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(5));

        using var wrong = await PutAsync(request.Url, new byte[10], "text/html");
        using var missing = await PutAsync(request.Url, new byte[10], contentType: null);

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_gets_413_and_nothing_is_written()
    {
        var key = prefix + "big.mp4";
        var request = await Store.PresignUploadAsync(key, "video/mp4", 1000, TimeSpan.FromMinutes(5));

        using var response = await PutAsync(request.Url, new byte[1001], "video/mp4");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task A_chunked_body_that_runs_over_the_limit_gets_413_and_nothing_is_written()
    {
        var key = prefix + "sneaky.mp4";
        var request = await Store.PresignUploadAsync(key, "video/mp4", 1 << 20, TimeSpan.FromMinutes(5));
        // No Content-Length: the server only learns the size by reading, and must stop at the limit.
        using var content = new StreamContent(new PatternStream(3 << 20));
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var message = new HttpRequestMessage(HttpMethod.Put, request.Url) { Content = content };
        message.Headers.TransferEncodingChunked = true;

        HttpStatusCode status;
        try
        {
            using var response = await host.Http.SendAsync(message);
            status = response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The server may answer 413 and close before the client finished sending; then the client sees a reset.
            status = HttpStatusCode.RequestEntityTooLarge;
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_accepted()
    {
        var key = prefix + "exact.mp4";
        var request = await Store.PresignUploadAsync(key, "video/mp4", 4096, TimeSpan.FromMinutes(5));

        using var response = await PutAsync(request.Url, PatternStream.Bytes(4096), "video/mp4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4096, (await Store.HeadAsync(key))!.Size);
    }

    [Fact]
    public async Task A_part_url_for_an_aborted_upload_gets_404_and_writes_nothing()
    {
        var key = prefix + "parts.mp4";
        var uploadId = await Store.StartMultipartUploadAsync(key, "video/mp4");
        var part = await Store.PresignUploadPartAsync(key, uploadId, 1, TimeSpan.FromMinutes(5));
        await Store.AbortMultipartUploadAsync(key, uploadId);

        using var response = await PutAsync(part.Url, new byte[10], "application/octet-stream");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(host.DataDir, ".uploads", uploadId)));
        await AssertNothingWrittenAsync(key);
    }

    [Fact]
    public async Task Garbage_tokens_get_403_not_a_server_error()
    {
        foreach (var token in new[] { "x", "not.a-token", "....", "eyJ9.AAAA", new string('A', 3000) + "." + new string('B', 43) })
        {
            using var get = await host.Http.GetAsync(Url(token));
            using var put = await PutAsync(Url(token), [1], "video/mp4");
            Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        }
    }

    [Fact]
    public async Task A_download_url_for_a_deleted_object_gets_404()
    {
        var key = prefix + "gone.mp4";
        await Store.PutAsync(key, new MemoryStream([1]), "video/mp4");
        var url = await Store.PresignDownloadAsync(key, "gone.mp4", TimeSpan.FromMinutes(5));
        await Store.DeleteAsync(key);

        using var response = await host.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_head_request_on_a_download_url_gives_size_and_type_without_the_body()
    {
        var key = prefix + "head.mp4";
        await Store.PutAsync(key, new MemoryStream(new byte[1234]), "video/mp4");
        var url = await Store.PresignDownloadAsync(key, "head.mp4", TimeSpan.FromMinutes(5));

        using var response = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1234, response.Content.Headers.ContentLength);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private async Task<HttpResponseMessage> PutAsync(Uri url, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var message = new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
        return await host.Http.SendAsync(message);
    }

    private static string Token(PresignedRequest request) => request.Url.OriginalString["/storage/blobs/".Length..];

    private static Uri Url(string token) => new("/storage/blobs/" + token, UriKind.Relative);

    private async Task AssertNothingWrittenAsync(string key)
    {
        Assert.Null(await Store.HeadAsync(key));
        Assert.False(File.Exists(Path.Combine(host.DataDir, key)));
        Assert.DoesNotContain(host.Events.Created, c => c.Key == key);
        // No half-written leftovers; other tests' uploads finish before they return, so the folder is empty between them.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(host.DataDir, ".tmp")));
    }
}

/// <summary>A clock set off from the real one.</summary>
public sealed class ShiftedTime(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
