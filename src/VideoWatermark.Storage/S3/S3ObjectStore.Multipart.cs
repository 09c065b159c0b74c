using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.S3;

/// <summary>
/// Multipart uploads: the browser's flow (start, presigned parts, complete or abort) and the store's own for large
/// files and streams.
/// </summary>
public sealed partial class S3ObjectStore
{
    public Task<string> StartMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => StartMultipartUploadUnguardedAsync(key, contentType, cancellationToken));

    private async Task<string> StartMultipartUploadUnguardedAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var response = await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = Bucket, Key = key, ContentType = contentType }, cancellationToken);
        return response.UploadId;
    }

    public async Task<PresignedRequest> PresignUploadPartAsync(string key, string uploadId, int partNumber, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, 10_000);
        var (url, expires) = await PresignAsync(
            new GetPreSignedUrlRequest { Key = key, Verb = HttpVerb.PUT, UploadId = uploadId, PartNumber = partNumber }, lifetime);
        return new PresignedRequest(url, "PUT", new Dictionary<string, string>(), expires);
    }

    public Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => CompleteMultipartUploadUnguardedAsync(key, uploadId, parts, cancellationToken));

    private async Task CompleteMultipartUploadUnguardedAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("A multipart upload needs at least one part.", nameof(parts));
        }

        await client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = [.. parts.Select(p => new PartETag(p.PartNumber, ETags.Quote(p.ETag)))],
            },
            cancellationToken);
    }

    public Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => AbortMultipartUploadUnguardedAsync(key, uploadId, cancellationToken));

    private async Task AbortMultipartUploadUnguardedAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Already completed or aborted: the goal (no open upload) holds.
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            // Some S3 look-alikes (s3rver) cannot abort; their stray parts never become an object, and on AWS a
            // lifecycle rule (AbortIncompleteMultipartUpload) sweeps them.
            LogAbortUnsupported(key, uploadId, e.ErrorCode);
        }
    }

    public Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => ListPartsUnguardedAsync(key, uploadId, cancellationToken));

    private async Task<IReadOnlyList<StoredPart>?> ListPartsUnguardedAsync(string key, string uploadId, CancellationToken cancellationToken)
    {
        var parts = new List<StoredPart>();
        var request = new ListPartsRequest { BucketName = Bucket, Key = key, UploadId = uploadId };
        try
        {
            ListPartsResponse response;
            do
            {
                response = await client.ListPartsAsync(request, cancellationToken);
                parts.AddRange((response.Parts ?? []).Select(p => new StoredPart(p.PartNumber ?? 0, ETags.Normalize(p.ETag ?? ""), p.Size ?? 0)));
                request.PartNumberMarker = response.NextPartNumberMarker?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            while (response.IsTruncated == true);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // NoSuchUpload: completed, aborted, or swept by the bucket's lifecycle rule.
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented)
        {
            throw new NotSupportedException($"The S3 server cannot list the parts of an upload ({e.ErrorCode}).", e);
        }

        return [.. parts.OrderBy(p => p.PartNumber)];
    }

    /// <summary>Uploads a stream of unknown length one buffered part at a time; a short stream goes up in one PUT.</summary>
    private async Task PutInPartsAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)PartSize));
        try
        {
            var filled = await FillAsync(content, buffer, (int)PartSize, cancellationToken);
            if (filled < PartSize)
            {
                using var small = new MemoryStream(buffer, 0, filled, writable: false);
                await client.PutObjectAsync(
                    new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = small, ContentType = contentType, UseChunkEncoding = chunkedSigning },
                    cancellationToken);
                return;
            }

            await UploadPartsAsync(key, contentType, async (uploadId, cancel) =>
            {
                var parts = new List<PartETag>();
                for (var number = 1; filled > 0; number++)
                {
                    using var part = new MemoryStream(buffer, 0, filled, writable: false);
                    parts.Add(await SendPartAsync(number, new UploadPartRequest { Key = key, UploadId = uploadId, InputStream = part, PartSize = filled }, cancel));
                    filled = await FillAsync(content, buffer, (int)PartSize, cancel);
                }

                return parts;
            }, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends part <paramref name="number"/> of an upload to this store's bucket; returns what completing the upload needs.</summary>
    private async Task<PartETag> SendPartAsync(int number, UploadPartRequest part, CancellationToken cancellationToken)
    {
        part.BucketName = Bucket;
        part.PartNumber = number;
        part.UseChunkEncoding = chunkedSigning;
        var response = await client.UploadPartAsync(part, cancellationToken);
        return new PartETag(number, response.ETag);
    }

    /// <summary>Starts a multipart upload, fills it, completes it; aborts it when filling fails.</summary>
    private async Task UploadPartsAsync(string key, string contentType, Func<string, CancellationToken, Task<List<PartETag>>> fill, CancellationToken cancellationToken)
    {
        var uploadId = await StartMultipartUploadAsync(key, contentType, cancellationToken);
        List<PartETag> parts;
        try
        {
            parts = await fill(uploadId, cancellationToken);
        }
        catch
        {
            await AbortMultipartUploadAsync(key, uploadId, CancellationToken.None);
            throw;
        }

        await client.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartETags = parts },
            cancellationToken);
    }

    private static async Task<int> FillAsync(Stream source, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < count && (read = await source.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The S3 server cannot abort multipart upload {UploadId} of {Key} ({Error}); its parts stay until the server cleans them up")]
    private partial void LogAbortUnsupported(string key, string uploadId, string error);
}
