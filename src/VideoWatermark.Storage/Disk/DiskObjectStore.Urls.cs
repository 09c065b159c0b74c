using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.Disk;

/// <summary>The disk store's presigned URLs: signed tokens under <c>/storage/blobs/</c>, served by the portal's <c>EmbeddedStorageEndpoints</c>.</summary>
public sealed partial class DiskObjectStore
{
    public Task<PresignedRequest> PresignUploadAsync(string key, string contentType, long maxLength, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        DiskKeys.Validate(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var expires = Expiry(lifetime);
        var token = Signer.Sign(new BlobGrant("PUT", key, expires.ToUnixTimeSeconds(), ContentType: contentType, MaxLength: maxLength));
        var headers = new Dictionary<string, string> { ["Content-Type"] = contentType };
        return Task.FromResult(new PresignedRequest(BlobUrl(token), "PUT", headers, expires));
    }

    public Task<Uri> PresignDownloadAsync(string key, string downloadFileName, TimeSpan lifetime, bool inline = false, CancellationToken cancellationToken = default)
    {
        DiskKeys.Validate(key);
        var grant = new BlobGrant("GET", key, Expiry(lifetime).ToUnixTimeSeconds(), Disposition: ContentDisposition.Build(downloadFileName, inline));
        return Task.FromResult(BlobUrl(Signer.Sign(grant)));
    }

    private DateTimeOffset Expiry(TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        return time.GetUtcNow() + lifetime;
    }

    private Uri BlobUrl(string token)
    {
        var path = $"{DiskStoreOptions.RoutePrefix}/blobs/{token}";
        return publicBaseUrl is null
            ? new Uri(path, UriKind.Relative)
            : new Uri(publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + path, UriKind.Absolute);
    }
}
