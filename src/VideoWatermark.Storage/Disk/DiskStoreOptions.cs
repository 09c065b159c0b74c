namespace VideoWatermark.Storage.Disk;

/// <summary>How to build a <see cref="DiskObjectStore"/>; only <see cref="Root"/> is required.</summary>
public sealed class DiskStoreOptions
{
    public const string DefaultBucket = "local";

    /// <summary>The data folder; created when missing.</summary>
    public required string Root { get; init; }

    /// <summary>The bucket name events and <c>s3://</c> paths carry.</summary>
    public string Bucket { get; init; } = DefaultBucket;

    /// <summary>The origin signed URLs start with (e.g. <c>https://portal.example</c>); null makes them relative.</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>The URL-signing secret (at least 32 characters); null uses the one kept in <c>.signing-key</c>.</summary>
    public string? SigningKey { get; init; }

    /// <summary>The route prefix the portal's <c>EmbeddedStorageEndpoints</c> serves.</summary>
    public const string RoutePrefix = "/storage";
}
