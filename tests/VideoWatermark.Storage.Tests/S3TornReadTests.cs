using System.Net;
using System.Text;
using Amazon.Runtime;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// A store that replaces an object in place (stock s3rver does; the tests' copy writes whole bodies) can serve a job
/// record read while its heartbeat rewrites it with a body that does not match its ETag. The SDK notices only while
/// the body is read; the store must then say "unavailable", which every caller retries, not fail the job with the
/// SDK's own exception.
/// </summary>
public sealed class S3TornReadTests
{
    [Fact]
    public async Task A_body_that_does_not_match_its_etag_reads_as_the_store_being_unavailable()
    {
        var port = FreePort.Next();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var body = Encoding.UTF8.GetBytes("{\"id\":\"torn\"}");
            // The MD5 of some other content, as when the object was replaced between the headers and the body.
            context.Response.Headers["ETag"] = "\"0123456789abcdef0123456789abcdef\"";
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        var endpoint = new Uri($"http://127.0.0.1:{port}");
        var options = new StorageOptions { Kind = StorageKind.S3, Bucket = "torn", ServiceUrl = endpoint.ToString() };
        var client = S3ClientFactory.CreateClient(options, new BasicAWSCredentials("key", "secret"), _ => null);
        var store = new S3ObjectStore(client, "torn", endpoint);

        var failure = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(async () =>
        {
            await using var read = await store.OpenReadAsync("jobs/torn.json");
            await read.CopyToAsync(Stream.Null);
        });
        Assert.Contains("hash", failure.Message, StringComparison.Ordinal);
        await serving;
    }
}
