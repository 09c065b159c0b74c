using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.S3;

/// <summary>
/// The bucket on Amazon S3 or an S3-compatible server. Bodies stream: a large upload goes in parts of
/// <see cref="PartSize"/> (read straight from the file, or one part buffered at a time from a stream), a download
/// streams to its file.
/// <para>
/// Typical use: <c>S3ObjectStore.Create(options)</c>, or <c>new S3ObjectStore(client, bucket, endpoint)</c> with a
/// client of your own; pass the endpoint when it is not AWS so uploads avoid aws-chunked signing.
/// </para>
/// </summary>
public sealed partial class S3ObjectStore : IObjectStore
{
    public const long MinPartSize = 5L * 1024 * 1024;

    private readonly IAmazonS3 client;
    private readonly bool chunkedSigning;
    private readonly Amazon.S3.Protocol presignProtocol;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <param name="endpoint">The server when it is not AWS (e.g. s3rver); null for AWS.</param>
    public S3ObjectStore(IAmazonS3 client, string bucket, Uri? endpoint = null, ILogger<S3ObjectStore>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        this.client = client;
        Bucket = bucket;
        // s3rver and other look-alikes keep aws-chunked framing inside the object; AWS decodes it.
        chunkedSigning = S3ClientFactory.IsAws(endpoint);
        presignProtocol = endpoint?.Scheme == Uri.UriSchemeHttp ? Amazon.S3.Protocol.HTTP : Amazon.S3.Protocol.HTTPS;
        this.logger = logger ?? NullLogger<S3ObjectStore>.Instance;
        this.time = time ?? TimeProvider.System;
    }

    public string Bucket { get; }

    /// <summary>Objects larger than this go up in parts of this size (at least S3's 5 MiB).</summary>
    public long PartSize
    {
        get;
        init => field = value >= MinPartSize ? value : throw new ArgumentOutOfRangeException(nameof(value), $"S3 parts are at least {MinPartSize} bytes.");
    } = 8 * 1024 * 1024;

    /// <summary>The client under this store, for callers that need an S3 call it does not wrap.</summary>
    public IAmazonS3 Client => client;

    /// <summary>A store for <paramref name="options"/> (bucket required), its client built by <see cref="S3ClientFactory"/>.</summary>
    public static S3ObjectStore Create(StorageOptions options, AWSCredentials? credentials = null, Func<string, string?>? environment = null, ILogger<S3ObjectStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Bucket))
        {
            throw new ArgumentException($"{StorageOptions.Section}:Bucket must name the S3 bucket.", nameof(options));
        }

        var endpoint = S3ClientFactory.ResolveEndpoint(options, environment);
        return new S3ObjectStore(S3ClientFactory.CreateClient(options, credentials, environment), options.Bucket, endpoint, logger);
    }

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => HeadUnguardedAsync(key, cancellationToken));

    private async Task<ObjectInfo?> HeadUnguardedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return new ObjectInfo(key, head.ContentLength, Timestamp(head.LastModified), Unquote(head.ETag), head.Headers.ContentType, head.VersionId);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => OpenReadUnguardedAsync(key, cancellationToken));

    private async Task<Stream> OpenReadUnguardedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return new GuardedReadStream(response.ResponseStream);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ObjectNotFoundException(key);
        }
    }

    public Task<bool> PutAsync(string key, Stream content, string contentType, PutCondition? condition = null, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => PutUnguardedAsync(key, content, contentType, condition, cancellationToken));

    private async Task<bool> PutUnguardedAsync(string key, Stream content, string contentType, PutCondition? condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (condition is null && (!content.CanSeek || content.Length - content.Position > PartSize))
        {
            await PutInPartsAsync(key, content, contentType, cancellationToken);
            return true;
        }

        var body = content;
        if (!content.CanSeek)
        {
            // Conditional writes are small records (jobs); a part's worth is the most that is ever held.
            body = await ReadUpToAsync(content, PartSize, cancellationToken) is { } small
                ? small
                : throw new NotSupportedException($"A conditional put takes at most {PartSize} bytes from a stream that cannot seek.");
        }

        try
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                AutoResetStreamPosition = false,
                ContentType = contentType,
                UseChunkEncoding = chunkedSigning,
            };
            if (condition?.IfNoneMatch == true)
            {
                request.IfNoneMatch = "*";
            }

            if (condition?.IfMatchETag is { } etag)
            {
                request.IfMatch = ETags.Quote(etag);
            }

            await client.PutObjectAsync(request, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception e) when (condition is not null
            && (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict
                || (e.StatusCode == HttpStatusCode.NotFound && condition.IfMatchETag is not null)))
        {
            // 412: the condition did not hold. 409: a concurrent conditional write won; the caller retries as for 412.
            // 404 under If-Match: there is no object to match.
            return false;
        }
        finally
        {
            if (!ReferenceEquals(body, content))
            {
                await body.DisposeAsync();
            }
        }
    }

    public Task DownloadAsync(string key, string localPath, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(async () =>
        {
            await using var source = await OpenReadUnguardedAsync(key, cancellationToken);
            await LocalFiles.ReplaceAsync(localPath, source, cancellationToken);
        });

    public Task UploadAsync(string key, string localPath, string contentType, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(() => UploadUnguardedAsync(key, localPath, contentType, cancellationToken));

    private async Task UploadUnguardedAsync(string key, string localPath, string contentType, CancellationToken cancellationToken)
    {
        var size = new FileInfo(localPath).Length;
        if (size <= PartSize)
        {
            await client.PutObjectAsync(
                new PutObjectRequest { BucketName = Bucket, Key = key, FilePath = localPath, ContentType = contentType, UseChunkEncoding = chunkedSigning },
                cancellationToken);
            return;
        }

        // Each part is read from the file by the SDK; nothing larger than its copy buffer is held.
        await UploadPartsAsync(key, contentType, async (uploadId, cancel) =>
        {
            var parts = new List<PartETag>();
            for (long position = 0, number = 1; position < size; position += PartSize, number++)
            {
                var length = Math.Min(PartSize, size - position);
                var part = new UploadPartRequest
                {
                    Key = key,
                    UploadId = uploadId,
                    FilePath = localPath,
                    FilePosition = position,
                    PartSize = length,
                    IsLastPart = position + length >= size,
                };
                parts.Add(await SendPartAsync((int)number, part, cancel));
            }

            return parts;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        S3Failures.GuardAsync(async () =>
        {
            // S3 answers a delete the same whether or not the object was there; a head tells the caller which.
            var existed = await HeadUnguardedAsync(key, cancellationToken) is not null;
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, cancellationToken);
            return existed;
        });

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        ListAfterAsync(prefix, null, cancellationToken);

    /// <summary>
    /// Like <see cref="ListAsync"/>, but only keys that sort after <paramref name="startAfter"/> (S3's
    /// <c>StartAfter</c>): a poller reads what is new at the end of a large folder without listing it all.
    /// </summary>
    public async IAsyncEnumerable<ObjectInfo> ListAfterAsync(string prefix, string? startAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix ?? "", StartAfter = startAfter };
        while (true)
        {
            var page = await S3Failures.GuardAsync(() => client.ListObjectsV2Async(request, cancellationToken));
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new ObjectInfo(item.Key, item.Size ?? 0, Timestamp(item.LastModified), Unquote(item.ETag));
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    private static async Task<MemoryStream?> ReadUpToAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > limit)
            {
                await copy.DisposeAsync();
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    private static string? Unquote(string? etag) => etag is null ? null : ETags.Normalize(etag);

    private static DateTimeOffset Timestamp(DateTime? value) =>
        value is { } v ? new DateTimeOffset(v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()) : DateTimeOffset.MinValue;

}
