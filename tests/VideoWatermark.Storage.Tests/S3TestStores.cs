using Amazon.Runtime;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>The S3 adapter pointed at one of the test servers, in parts of S3's minimum 5 MiB so multipart is exercised.</summary>
internal static class S3TestStores
{
    public static S3ObjectStore For(S3rverServer server) =>
        Create(server.Endpoint, server.Bucket, S3rverServer.Region, S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey);

    public static S3ObjectStore For(MotoServer server) =>
        Create(server.Endpoint, server.Bucket, MotoServer.Region, MotoServer.AccessKeyId, MotoServer.SecretAccessKey);

    private static S3ObjectStore Create(Uri endpoint, string bucket, string region, string accessKeyId, string secretAccessKey)
    {
        var options = new StorageOptions { Kind = StorageKind.S3, Bucket = bucket, ServiceUrl = endpoint.ToString(), Region = region };
        var client = S3ClientFactory.CreateClient(options, new BasicAWSCredentials(accessKeyId, secretAccessKey), _ => null);
        return new S3ObjectStore(client, bucket, endpoint) { PartSize = S3ObjectStore.MinPartSize };
    }
}

/// <summary>The object store contract run against the S3 adapter; the subclasses say which server it talks to.</summary>
public abstract class S3ObjectStoreContract(S3ObjectStore store) : ObjectStoreContract, IDisposable
{
    private readonly HttpClient http = new();

    protected override IObjectStore Store => store;

    protected override HttpClient Http => http;

    public void Dispose()
    {
        http.Dispose();
        store.Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
