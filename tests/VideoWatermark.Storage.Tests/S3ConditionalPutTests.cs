using System.Collections.Concurrent;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// Conditional puts through the S3 adapter. s3rver ignores If-None-Match and If-Match on PUT, so these run against a
/// stand-in that checks each request carries the header AWS documents for PutObject and answers as AWS does:
/// 412 PreconditionFailed when the condition fails, 409 ConditionalRequestConflict when a concurrent write won.
/// </summary>
public sealed class S3ConditionalPutTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfMatch, byte[] Body)> requests = new();
    private WebApplication? app;
    private int nextStatus = StatusCodes.Status200OK;
    private S3ObjectStore store = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPut("/{bucket}/{**key}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            requests.Enqueue((http.Request.Path, http.Request.Headers.IfNoneMatch.FirstOrDefault(), http.Request.Headers.IfMatch.FirstOrDefault(), body.ToArray()));
            var status = nextStatus;
            http.Response.StatusCode = status;
            if (status == StatusCodes.Status200OK)
            {
                http.Response.Headers.ETag = "\"0123456789abcdef0123456789abcdef\"";
                return;
            }

            var (code, message) = status switch
            {
                StatusCodes.Status412PreconditionFailed => ("PreconditionFailed", "At least one of the pre-conditions you specified did not hold"),
                StatusCodes.Status409Conflict => ("ConditionalRequestConflict", "A conflicting operation occurred."),
                _ => ("NoSuchKey", "The specified key does not exist."),
            };
            http.Response.ContentType = "application/xml";
            await http.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>1</RequestId><HostId>h</HostId></Error>");
        });
        await app.StartAsync();
        var endpoint = new Uri(app.Urls.First());
        var options = new StorageOptions { Kind = StorageKind.S3, Bucket = "jobs-bucket", ServiceUrl = endpoint.ToString() };
        store = S3ObjectStore.Create(options, new BasicAWSCredentials("AKID", "SECRET"), _ => null);
    }

    public async Task DisposeAsync()
    {
        store.Client.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Must_not_exist_sends_if_none_match_star_and_a_412_reads_as_false()
    {
        nextStatus = StatusCodes.Status412PreconditionFailed;

        var written = await store.PutAsync("jobs/a.json", new MemoryStream("{}"u8.ToArray()), "application/json", PutCondition.MustNotExist);

        Assert.False(written);
        var request = Assert.Single(requests);
        Assert.Equal("/jobs-bucket/jobs/a.json", request.Path);
        Assert.Equal("*", request.IfNoneMatch);
        Assert.Null(request.IfMatch);
        Assert.Equal("{}"u8.ToArray(), request.Body);
    }

    [Fact]
    public async Task Must_match_sends_the_quoted_etag_and_a_412_reads_as_false()
    {
        nextStatus = StatusCodes.Status412PreconditionFailed;

        Assert.False(await store.PutAsync("jobs/b.json", new MemoryStream([1]), "application/json", PutCondition.MustMatch("abc123")));

        var request = Assert.Single(requests);
        Assert.Equal("\"abc123\"", request.IfMatch);
        Assert.Null(request.IfNoneMatch);
    }

    [Theory]
    [InlineData(StatusCodes.Status409Conflict)]
    [InlineData(StatusCodes.Status404NotFound)]
    public async Task A_lost_race_or_a_vanished_object_reads_as_false_under_if_match(int status)
    {
        nextStatus = status;

        Assert.False(await store.PutAsync("jobs/c.json", new MemoryStream([1]), "application/json", PutCondition.MustMatch("\"abc\"")));
    }

    [Fact]
    public async Task A_condition_that_holds_writes_and_reads_as_true()
    {
        nextStatus = StatusCodes.Status200OK;

        Assert.True(await store.PutAsync("jobs/d.json", new PatternStream(1000), "application/json", PutCondition.MustNotExist));

        Assert.Equal(PatternStream.Bytes(1000), Assert.Single(requests).Body);
    }

    [Fact]
    public async Task Without_a_condition_a_412_is_an_error_not_a_quiet_false()
    {
        nextStatus = StatusCodes.Status412PreconditionFailed;

        await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => store.PutAsync("jobs/e.json", new MemoryStream([1]), "application/json"));
    }
}
