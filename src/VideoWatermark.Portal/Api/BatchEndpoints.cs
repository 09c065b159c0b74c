using System.Security.Claims;
using VideoWatermark.Core.Errors;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Api;

/// <summary>
/// A batch (one upload, a copy per recipient): its rows with fresh download links, all copies made so far as one ZIP
/// streamed from the store, and the manifest. Its owner and admins only; to anyone else it does not exist.
/// </summary>
public static class BatchEndpoints
{
    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder api)
    {
        var batches = api.MapGroup("/batches");

        batches.MapGet("/{id}", async (string id, BatchService service, ClaimsPrincipal user, HttpRequest request, CancellationToken ct) =>
            TypedResults.Ok(await service.GetAsync(id, user, url => Urls.Absolute(request, url), ct) ?? throw NoBatch(id)));

        // Every copy is checked before the first byte, so a refusal is a problem response, not a cut-short ZIP.
        batches.MapGet("/{id}/download.zip", async (string id, BatchService service, JobArchive archive, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var batch = await service.RequireAsync(id, user, ct);
            var copies = await service.CopiesAsync(batch, ct);
            return TypedResults.Stream(body => archive.WriteAsync(copies, body, ct), "application/zip",
                $"watermark-{Path.GetFileNameWithoutExtension(batch.FileName)}-copies.zip");
        });

        batches.MapGet("/{id}/manifest.csv", async (string id, BatchService service, ClaimsPrincipal user, HttpRequest request, CancellationToken ct) =>
        {
            var batch = await service.RequireAsync(id, user, ct);
            var rows = await service.ManifestAsync(batch, url => Urls.Absolute(request, url), ct);
            return TypedResults.Stream(stream => BatchManifest.WriteAsync(rows, stream, ct), "text/csv; charset=utf-8",
                $"watermark-{Path.GetFileNameWithoutExtension(batch.FileName)}-manifest.csv");
        });

        return api;
    }

    private static NotFoundException NoBatch(string id) => new($"No batch {id}.");
}
