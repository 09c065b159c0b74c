using System.Net;
using Amazon.Runtime;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>The fixture other parts build on: buckets, CORS for browsers, and stop/restart with the data kept.</summary>
public sealed class S3rverServerTests
{
    [Fact]
    public async Task Restart_comes_back_on_the_same_port_with_the_objects_kept()
    {
        await using var server = await S3rverServer.StartAsync("first-bucket", "second-bucket");
        var store = Store(server, "second-bucket");
        await store.PutAsync("kept.txt", new MemoryStream("still here"u8.ToArray()), "text/plain");
        var port = server.Port;

        await server.StopAsync();
        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<Exception>(() => store.HeadAsync("kept.txt"));

        await server.RestartAsync();
        Assert.Equal(port, server.Port);
        Assert.Equal(10, (await store.HeadAsync("kept.txt"))!.Size);
        await Store(server, "first-bucket").PutAsync("x", new MemoryStream([1]), "text/plain");
    }

    [Fact]
    public async Task Buckets_answer_a_browser_preflight_for_put_and_expose_the_etag()
    {
        await using var server = await S3rverServer.StartAsync();
        using var http = new HttpClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(server.Endpoint, $"/{server.Bucket}/unprocessed-videos/a.mp4"));
        preflight.Headers.Add("Origin", "http://127.0.0.1:5000");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Access-Control-Allow-Origin"), v => v is "*" or "http://127.0.0.1:5000");
        Assert.Contains("PUT", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);

        // The upload itself, from that origin, lets the page read the ETag it needs to complete a multipart upload.
        var upload = await Store(server, server.Bucket).PresignUploadAsync("unprocessed-videos/a.mp4", "video/mp4", 3, TimeSpan.FromMinutes(1));
        using var put = new HttpRequestMessage(HttpMethod.Put, upload.Url) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Content.Headers.ContentType = new("video/mp4");
        put.Headers.Add("Origin", "http://127.0.0.1:5000");
        using var uploaded = await http.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Contains("ETag", string.Join(",", uploaded.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(uploaded.Headers.ETag);
    }

    [Fact]
    public async Task Dispose_stops_the_server_and_removes_its_folder()
    {
        var server = await S3rverServer.StartAsync();
        var folder = server.DataDirectory;
        Assert.True(Directory.Exists(folder));

        await server.DisposeAsync();

        Assert.False(server.IsRunning);
        Assert.False(Directory.Exists(folder));
    }

    private static S3ObjectStore Store(S3rverServer server, string bucket) => S3ObjectStore.Create(
        new StorageOptions { Kind = StorageKind.S3, Bucket = bucket, ServiceUrl = server.Endpoint.ToString() },
        new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey),
        _ => null);
}
