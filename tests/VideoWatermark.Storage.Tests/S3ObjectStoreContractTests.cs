using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>The contract against the S3 adapter talking to a real s3rver.</summary>
public sealed class S3ObjectStoreContractTests(S3rverServer server) : S3ObjectStoreContract(S3TestStores.For(server)), IClassFixture<S3rverServer>;
