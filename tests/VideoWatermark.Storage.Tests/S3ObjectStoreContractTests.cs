using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>The contract against the S3 adapter talking to a real s3rver.</summary>
public sealed class S3ObjectStoreContractTests(S3rverServer server) : S3ObjectStoreContract(S3TestStores.For(server)), IClassFixture<S3rverServer>
{
    /// <summary>s3rver answers a GET with an upload id "method not allowed".</summary>
    protected override bool ListsParts => false;
}
