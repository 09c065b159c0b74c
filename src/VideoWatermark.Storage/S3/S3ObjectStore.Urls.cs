using Amazon.S3;
using Amazon.S3.Model;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.S3;

/// <summary>Presigned URLs the browser uploads to and downloads from directly.</summary>
public sealed partial class S3ObjectStore
{
    public async Task<PresignedRequest> PresignUploadAsync(string key, string contentType, long maxLength, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        // A presigned PUT cannot cap the length (only a POST policy can); the caller checks the size it asks for.
        var (url, expires) = await PresignAsync(new GetPreSignedUrlRequest { Key = key, Verb = HttpVerb.PUT, ContentType = contentType }, lifetime);
        return new PresignedRequest(url, "PUT", new Dictionary<string, string> { ["Content-Type"] = contentType }, expires);
    }

    public async Task<Uri> PresignDownloadAsync(string key, string downloadFileName, TimeSpan lifetime, bool inline = false, CancellationToken cancellationToken = default)
    {
        var request = new GetPreSignedUrlRequest { Key = key, Verb = HttpVerb.GET };
        request.ResponseHeaderOverrides.ContentDisposition = ContentDisposition.Build(downloadFileName, inline);
        return (await PresignAsync(request, lifetime)).Url;
    }

    /// <summary>Signs a request on this store's bucket, over the protocol its URLs use, for <paramref name="lifetime"/>.</summary>
    private async Task<(Uri Url, DateTimeOffset Expires)> PresignAsync(GetPreSignedUrlRequest request, TimeSpan lifetime)
    {
        var expires = time.GetUtcNow() + lifetime;
        request.BucketName = Bucket;
        request.Expires = expires.UtcDateTime;
        request.Protocol = presignProtocol;
        return (new Uri(await client.GetPreSignedURLAsync(request)), expires);
    }
}
