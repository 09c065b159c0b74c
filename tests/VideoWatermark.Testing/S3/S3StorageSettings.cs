namespace VideoWatermark.Testing.S3;

/// <summary>The configuration keys that point the product's storage at a test S3 server's bucket, path style.</summary>
public static class S3StorageSettings
{
    public static IReadOnlyDictionary<string, string?> For(Uri endpoint, string bucket, string region) => new Dictionary<string, string?>
    {
        ["VideoWatermark:Storage:Kind"] = "S3",
        ["VideoWatermark:Storage:Bucket"] = bucket,
        ["VideoWatermark:Storage:ServiceUrl"] = endpoint.ToString().TrimEnd('/'),
        ["VideoWatermark:Storage:ForcePathStyle"] = "true",
        ["VideoWatermark:Storage:Region"] = region,
    };
}
