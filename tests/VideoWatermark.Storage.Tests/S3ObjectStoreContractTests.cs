using Amazon.Runtime;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>The contract against the S3 adapter talking to a real s3rver, in parts of S3's minimum 5 MiB.</summary>
public sealed class S3ObjectStoreContractTests : ObjectStoreContract, IClassFixture<S3rverServer>, IDisposable
{
    private readonly S3ObjectStore store;
    private readonly HttpClient http = new();

    public S3ObjectStoreContractTests(S3rverServer server)
    {
        var options = new StorageOptions { Kind = StorageKind.S3, Bucket = server.Bucket, ServiceUrl = server.Endpoint.ToString(), Region = S3rverServer.Region };
        var client = S3ClientFactory.CreateClient(options, new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey), _ => null);
        store = new S3ObjectStore(client, server.Bucket, server.Endpoint) { PartSize = S3ObjectStore.MinPartSize };
    }

    protected override IObjectStore Store => store;

    protected override HttpClient Http => http;

    public void Dispose()
    {
        http.Dispose();
        store.Client.Dispose();
    }
}
