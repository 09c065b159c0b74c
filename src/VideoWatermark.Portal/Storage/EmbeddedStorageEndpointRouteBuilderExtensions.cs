using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Storage;

public static class EmbeddedStorageEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the disk store's signed upload and download URLs under <c>/storage/blobs/{token}</c>. Maps nothing when
    /// the configured store is S3 (its URLs point at S3 itself). The token says what may be done; who may call is the
    /// host's authorization policy (the portal asks for a signed-in user whenever it requires login).
    /// </summary>
    public static IEndpointRouteBuilder MapEmbeddedStorage(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<DiskObjectStore>() is not { } store)
        {
            return endpoints;
        }

        var group = endpoints.MapGroup(DiskStoreOptions.RoutePrefix + "/blobs");
        group.MapPut("/{token}", (string token, HttpContext http) => EmbeddedStorageEndpoints.PutAsync(token, http, store));
        group.MapMethods("/{token}", [HttpMethods.Get, HttpMethods.Head], (string token, HttpContext http) => EmbeddedStorageEndpoints.Get(token, http, store));

        // Paths a client or the server's own dot-segment normalisation turned into something else end here, not in
        // whatever the app serves next (the portal's pages).
        endpoints.Map(DiskStoreOptions.RoutePrefix + "/{**rest}", EmbeddedStorageEndpoints.NotASignedUrl).AllowAnonymous();
        return endpoints;
    }
}
