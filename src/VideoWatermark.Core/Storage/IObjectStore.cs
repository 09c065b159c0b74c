namespace VideoWatermark.Core.Storage;

/// <summary>
/// The bucket. Two adapters sit side by side: S3 (AWS or any S3-compatible server) and the embedded store on local disk.
/// Every method streams: no video is ever held in memory.
/// </summary>
public interface IObjectStore
{
    /// <summary>The bucket's name, as S3 events and <c>s3://</c> paths name it.</summary>
    string Bucket { get; }

    /// <summary>Size and metadata, or null when there is no such object.</summary>
    Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Opens the object for reading; throws <see cref="ObjectNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the whole of <paramref name="content"/> under <paramref name="key"/>. Large streams go up in parts.
    /// With a <paramref name="condition"/>, returns false (and writes nothing) when it does not hold.
    /// </summary>
    Task<bool> PutAsync(string key, Stream content, string contentType, PutCondition? condition = null, CancellationToken cancellationToken = default);

    /// <summary>Downloads to a local file, replacing it; throws <see cref="ObjectNotFoundException"/>.</summary>
    Task DownloadAsync(string key, string localPath, CancellationToken cancellationToken = default);

    /// <summary>Uploads a local file (multipart when large).</summary>
    Task UploadAsync(string key, string localPath, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; true if it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Objects whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>A URL the browser PUTs the file to, bound to key, content type and maximum length.</summary>
    Task<PresignedRequest> PresignUploadAsync(string key, string contentType, long maxLength, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>A URL that downloads the object with <paramref name="downloadFileName"/> as its file name (or plays it inline).</summary>
    Task<Uri> PresignDownloadAsync(string key, string downloadFileName, TimeSpan lifetime, bool inline = false, CancellationToken cancellationToken = default);

    /// <summary>Starts a multipart upload the browser fills part by part; returns its upload id.</summary>
    Task<string> StartMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default);

    /// <summary>A URL for one part (1..10000), signed just before the browser sends it.</summary>
    Task<PresignedRequest> PresignUploadPartAsync(string key, string uploadId, int partNumber, TimeSpan lifetime, CancellationToken cancellationToken = default);

    Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken = default);

    Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The parts the store holds for an open multipart upload, in part order, so an interrupted browser upload sends
    /// only the ones missing (S3's ListParts). Null when no such upload is open (completed, aborted or never started);
    /// throws <see cref="NotSupportedException"/> when the store cannot list them (some S3 look-alikes).
    /// </summary>
    Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken = default);
}

public sealed record ObjectInfo(string Key, long Size, DateTimeOffset LastModified, string? ETag = null, string? ContentType = null, string? VersionId = null);

/// <summary>A request the client makes itself: method, URL and the headers it must send.</summary>
public sealed record PresignedRequest(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ExpiresAt);

public sealed record UploadedPart(int PartNumber, string ETag);

/// <summary>A part an open multipart upload already holds: its number, its ETag (unquoted) and its size.</summary>
public sealed record StoredPart(int PartNumber, string ETag, long Size);

/// <summary>Conditional write: only when no object exists yet, or only when its ETag is still the one read.</summary>
public sealed record PutCondition(bool IfNoneMatch = false, string? IfMatchETag = null)
{
    public static PutCondition MustNotExist { get; } = new(IfNoneMatch: true);

    public static PutCondition MustMatch(string etag) => new(IfMatchETag: etag);
}

public sealed class ObjectNotFoundException(string key)
    : Exception($"No object at '{key}'.")
{
    public string Key { get; } = key;
}
