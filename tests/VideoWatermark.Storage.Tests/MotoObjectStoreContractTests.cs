using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>The contract against the S3 adapter talking to moto's S3 server, the second S3 implementation.</summary>
public sealed class MotoObjectStoreContractTests(MotoServer server) : S3ObjectStoreContract(S3TestStores.For(server)), IClassFixture<MotoServer>
{
    protected override bool AppliesResponseOverrides => false;
}
