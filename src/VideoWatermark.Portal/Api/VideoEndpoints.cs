using System.Security.Claims;
using VideoWatermark.Portal.Security;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

/// <summary>
/// Announcing an upload and, for large files, signing its parts one at a time and completing it. The bytes go from
/// the client straight to the store.
/// </summary>
public static class VideoEndpoints
{
    public static RouteGroupBuilder MapVideoEndpoints(this RouteGroupBuilder api)
    {
        var videos = api.MapGroup("/videos");

        videos.MapPost("", async (VideoUploadRequest request, UploadService uploads, HttpContext http, CancellationToken ct) =>
        {
            var ticket = await uploads.StartAsync(request, http.User.Identity?.Name, ct);
            if (ticket.UploadUrl is not null)
            {
                ticket = ticket with { UploadUrl = Urls.Absolute(http.Request, ticket.UploadUrl) };
            }

            return TypedResults.Created(ticket.BatchId is null ? $"/api/jobs/{ticket.JobId}" : $"/api/batches/{ticket.BatchId}", ticket);
        }).WithMetadata(new BodyLimit(BodyLimit.Announcement));

        videos.MapPost("/{id}/parts/{partNumber:int}", async (string id, int partNumber, string? uploadId, UploadService uploads, HttpRequest request, CancellationToken ct) =>
        {
            await uploads.RequireMayChangeAsync(id, request.HttpContext.User, "upload to", ct);
            var part = await uploads.SignPartAsync(id, uploadId, partNumber, ct);
            return TypedResults.Ok(part with { Url = Urls.Absolute(request, part.Url) });
        });

        // What an interrupted upload already sent: the browser resumes from it (only the job's owner may).
        videos.MapGet("/{id}/parts", async (string id, string? uploadId, UploadService uploads, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await uploads.RequireMayChangeAsync(id, user, "resume the upload of", ct);
            var parts = await uploads.ListPartsAsync(id, uploadId, ct);
            return TypedResults.Ok(parts.Select(p => new UploadedPartView(p.PartNumber, p.ETag, p.Size)));
        });

        videos.MapPost("/{id}/complete", async (string id, CompleteUploadRequest body, UploadService uploads, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await uploads.RequireMayChangeAsync(id, user, "upload to", ct);
            await uploads.CompleteAsync(id, body, ct);
            return TypedResults.NoContent();
        }).WithMetadata(new BodyLimit(BodyLimit.PartList));

        videos.MapDelete("/{id}", async (string id, string? uploadId, string? reason, UploadService uploads, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await uploads.RequireMayChangeAsync(id, user, "cancel", ct);
            await uploads.AbandonAsync(id, uploadId, string.IsNullOrWhiteSpace(reason) ? "The upload was cancelled." : reason.Trim(), ct);
            return TypedResults.NoContent();
        });

        return api;
    }
}
