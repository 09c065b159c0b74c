using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// Against a server that is not AWS, the adapter sends plain bodies: what s3rver stores is exactly what was put, with
/// no aws-chunked framing or trailing checksum inside — and the SDK's defaults, by contrast, would put them there.
/// </summary>
public sealed class S3ChunkedEncodingTests(S3rverServer server) : IClassFixture<S3rverServer>
{
    private readonly string prefix = $"chunk/{Guid.NewGuid():N}/";

    [Fact]
    public async Task Stored_bytes_are_the_content_for_put_stream_and_multipart_upload()
    {
        var store = Store();
        var small = PatternStream.Bytes(200_000, seed: 3);
        await store.PutAsync(prefix + "small.bin", new MemoryStream(small), "application/octet-stream");
        await store.PutAsync(prefix + "piped.bin", new PatternStream(6 * 1024 * 1024, seed: 4), "application/octet-stream");
        using var temp = new TempFolder();
        await File.WriteAllBytesAsync(temp.File("big.bin"), PatternStream.Bytes(11_000_000, seed: 5));
        await store.UploadAsync(prefix + "big.bin", temp.File("big.bin"), "video/mp4");

        Assert.Equal(small, S3rverRaw.StoredBytes(server, prefix + "small.bin"));
        Assert.Equal(PatternStream.Bytes(6 * 1024 * 1024, seed: 4), S3rverRaw.StoredBytes(server, prefix + "piped.bin"));
        Assert.Equal(PatternStream.Bytes(11_000_000, seed: 5), S3rverRaw.StoredBytes(server, prefix + "big.bin"));
        // The upload really went in three parts, as the server's request log shows.
        Assert.Contains("partNumber=3", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("partNumber=4", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sdk_defaults_would_have_stored_framing_which_is_what_the_adapter_prevents()
    {
        // The control: the same put with the SDK's own defaults. If this ever stores clean bytes, the SDK changed
        // and the adapter's switch may no longer be needed.
        using var plain = new AmazonS3Client(
            new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey),
            new AmazonS3Config { ServiceURL = server.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = S3rverServer.Region });
        var body = Encoding.ASCII.GetBytes("hello, s3rver");

        await plain.PutObjectAsync(new PutObjectRequest { BucketName = server.Bucket, Key = prefix + "framed.txt", InputStream = new MemoryStream(body) });

        var stored = Encoding.ASCII.GetString(S3rverRaw.StoredBytes(server, prefix + "framed.txt"));
        Assert.NotEqual("hello, s3rver", stored);
        Assert.Contains("hello, s3rver", stored, StringComparison.Ordinal);
    }

    private S3ObjectStore Store() => S3TestStores.For(server);
}
