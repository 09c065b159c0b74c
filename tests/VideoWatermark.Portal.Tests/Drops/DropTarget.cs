using VideoWatermark.Testing.S3;

namespace VideoWatermark.Portal.Tests.Drops;

/// <summary>An S3-compatible server the drop tests run against, whichever it is.</summary>
public sealed record DropTarget(Uri Endpoint, string Bucket, string AccessKeyId, string SecretAccessKey, string Region, IReadOnlyDictionary<string, string?> StorageSettings, IAsyncDisposable Server)
{
    public static async Task<DropTarget> S3rverAsync()
    {
        var s3 = await S3rverServer.StartAsync();
        return new(s3.Endpoint, s3.Bucket, S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey, S3rverServer.Region, s3.StorageSettings, s3);
    }

    public static async Task<DropTarget> MotoAsync()
    {
        var moto = await MotoServer.StartAsync();
        return new(moto.Endpoint, moto.Bucket, MotoServer.AccessKeyId, MotoServer.SecretAccessKey, MotoServer.Region, moto.StorageSettings, moto);
    }

    public AwsCli Cli() => new(Endpoint, AccessKeyId, SecretAccessKey, Region);
}
