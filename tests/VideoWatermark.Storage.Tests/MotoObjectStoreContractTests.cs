using Amazon.Runtime;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>The contract against the S3 adapter talking to moto's S3 server, the second S3 implementation.</summary>
public sealed class MotoObjectStoreContractTests : ObjectStoreContract, IClassFixture<MotoServer>, IDisposable
{
    private readonly S3ObjectStore store;
    private readonly HttpClient http = new();

    public MotoObjectStoreContractTests(MotoServer server)
    {
        store = MotoStore.Create(server);
    }

    protected override IObjectStore Store => store;

    protected override bool AppliesResponseOverrides => false;

    protected override HttpClient Http => http;

    public void Dispose()
    {
        http.Dispose();
        store.Client.Dispose();
    }
}

internal static class MotoStore
{
    public static S3ObjectStore Create(MotoServer server)
    {
        var options = new StorageOptions { Kind = StorageKind.S3, Bucket = server.Bucket, ServiceUrl = server.Endpoint.ToString(), Region = MotoServer.Region };
        var client = S3ClientFactory.CreateClient(options, new BasicAWSCredentials(MotoServer.AccessKeyId, MotoServer.SecretAccessKey), _ => null);
        return new S3ObjectStore(client, server.Bucket, server.Endpoint) { PartSize = S3ObjectStore.MinPartSize };
    }
}
