namespace VideoWatermark.Storage;

public enum StorageKind
{
    /// <summary>The embedded store: files under <c>VideoWatermark:DataDir</c>, signed URLs served by the portal.</summary>
    Disk,

    /// <summary>Amazon S3 or any S3-compatible server.</summary>
    S3,
}

/// <summary>The <c>VideoWatermark:Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "VideoWatermark:Storage";

    public StorageKind Kind { get; set; } = StorageKind.Disk;

    /// <summary>The S3 bucket. Required for <see cref="StorageKind.S3"/>; the disk store's bucket is always <c>local</c>.</summary>
    public string? Bucket { get; set; }

    /// <summary>
    /// An explicit S3 endpoint (e.g. an S3-compatible server). It wins over <c>AWS_ENDPOINT_URL_S3</c> and
    /// <c>AWS_ENDPOINT_URL</c>, which the AWS SDK honours by itself when this is empty.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Path-style addressing. Unset: on for endpoints that are not AWS, the SDK's choice otherwise.</summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>The AWS region; unset, the SDK's chain decides (<c>AWS_REGION</c>, profile, instance metadata).</summary>
    public string? Region { get; set; }

    /// <summary>Disk store: the origin its signed URLs start with; unset, they are relative (<c>/storage/…</c>).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Disk store: the secret that signs its URLs; unset, one is generated once and kept in the data folder.</summary>
    public string? SigningKey { get; set; }
}
