using System.Net;
using System.Net.Http.Headers;
using System.Web;
using Amazon.Runtime;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// S3's presigned URLs bind what the disk store's tokens bind: the key and method are in every SigV4 signature, and
/// an upload URL signs its content type too. s3rver does not check version-4 signatures, so the signature is
/// checked here as S3 checks it. (No presigned PUT can cap the length; the portal checks the size it is told.)
/// </summary>
public sealed class S3PresignedUrlBindingTests : IClassFixture<S3rverServer>, IDisposable
{
    private readonly S3ObjectStore store;
    private readonly HttpClient http = new();
    private readonly string prefix = $"bound/{Guid.NewGuid():N}/";

    public S3PresignedUrlBindingTests(S3rverServer server)
    {
        store = S3TestStores.For(server);
    }

    [Fact]
    public async Task An_upload_url_binds_key_method_and_content_type()
    {
        var key = prefix + "mine.mp4";
        var upload = await store.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(15));
        var url = upload.Url;
        var moved = new UriBuilder(url) { Path = url.AbsolutePath.Replace("mine.mp4", "other.mp4", StringComparison.Ordinal) }.Uri;

        Assert.Contains("content-type", HttpUtility.ParseQueryString(url.Query)["X-Amz-SignedHeaders"]!.Split(';'));
        Assert.True(Accepts(url, "PUT", url, "video/mp4"), "the URL as issued must verify, or the refusals below mean nothing");
        Assert.False(Accepts(url, "PUT", url, "text/html"));
        Assert.False(Accepts(url, "PUT", url, null));
        Assert.False(Accepts(url, "GET", url, "video/mp4"));
        Assert.False(Accepts(url, "PUT", moved, "video/mp4"));

        // And the URL does what it says against a real S3-compatible server.
        using var right = await PutAsync(url, "video/mp4");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(10, (await store.HeadAsync(key))!.Size);
    }

    [Fact]
    public async Task A_part_url_binds_its_upload_and_part_number()
    {
        var key = prefix + "parts.mp4";
        var uploadId = await store.StartMultipartUploadAsync(key, "video/mp4");
        var part = (await store.PresignUploadPartAsync(key, uploadId, 3, TimeSpan.FromMinutes(15))).Url;
        var otherPart = new UriBuilder(part) { Query = part.Query.TrimStart('?').Replace("partNumber=3", "partNumber=4", StringComparison.Ordinal) }.Uri;

        Assert.True(Accepts(part, "PUT", part, null));
        Assert.False(Accepts(part, "PUT", otherPart, null));
        await store.AbortMultipartUploadAsync(key, uploadId);
    }

    [Fact]
    public async Task A_download_url_binds_key_and_method()
    {
        var url = await store.PresignDownloadAsync(prefix + "out.mp4", "out.mp4", TimeSpan.FromMinutes(30));
        var moved = new UriBuilder(url) { Path = url.AbsolutePath.Replace("out.mp4", "secret.mp4", StringComparison.Ordinal) }.Uri;

        Assert.True(Accepts(url, "GET", url, null));
        Assert.False(Accepts(url, "PUT", url, null));
        Assert.False(Accepts(url, "GET", moved, null));
    }

    [Fact]
    public async Task The_lifetime_asked_for_is_the_one_signed()
    {
        var upload = await store.PresignUploadAsync(prefix + "t.mp4", "video/mp4", 100, TimeSpan.FromMinutes(15));
        var download = await store.PresignDownloadAsync(prefix + "t.mp4", "t.mp4", TimeSpan.FromMinutes(30));

        Assert.Equal("900", HttpUtility.ParseQueryString(upload.Url.Query)["X-Amz-Expires"]);
        Assert.Equal("1800", HttpUtility.ParseQueryString(download.Query)["X-Amz-Expires"]);
    }

    private static bool Accepts(Uri presigned, string method, Uri request, string? contentType) =>
        SigV4QueryCheck.Accepts(presigned, method, request, S3rverServer.SecretAccessKey,
            contentType is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["content-type"] = contentType });

    private async Task<HttpResponseMessage> PutAsync(Uri url, string contentType)
    {
        var content = new ByteArrayContent(new byte[10]);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await http.PutAsync(url, content);
    }

    public void Dispose()
    {
        http.Dispose();
        store.Client.Dispose();
    }
}
