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
        var expires = time.GetUtcNow() + lifetime;
        var url = await client.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = contentType,
            Expires = expires.UtcDateTime,
            Protocol = presignProtocol,
        });
        return new PresignedRequest(new Uri(url), "PUT", new Dictionary<string, string> { ["Content-Type"] = contentType }, expires);
    }

    public async Task<Uri> PresignDownloadAsync(string key, string downloadFileName, TimeSpan lifetime, bool inline = false, CancellationToken cancellationToken = default)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = (time.GetUtcNow() + lifetime).UtcDateTime,
            Protocol = presignProtocol,
        };
        request.ResponseHeaderOverrides.ContentDisposition = ContentDisposition.Build(downloadFileName, inline);
        return new Uri(await client.GetPreSignedURLAsync(request));
    }
}
