using VideoWatermark.Core.Storage;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>The contract against the embedded store, its URLs served by a real Kestrel.</summary>
public sealed class DiskObjectStoreContractTests(EmbeddedStorageHost host) : ObjectStoreContract, IClassFixture<EmbeddedStorageHost>
{
    protected override IObjectStore Store => host.Store;

    protected override HttpClient Http => host.Http;
}
