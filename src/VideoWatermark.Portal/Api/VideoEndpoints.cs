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

        videos.MapPost("/{jobId}/parts/{partNumber:int}", async (string jobId, int partNumber, string? uploadId, UploadService uploads, JobActions actions, HttpRequest request, CancellationToken ct) =>
        {
            await actions.RequireMayChangeAsync(jobId, request.HttpContext.User, "upload to", ct);
            var part = await uploads.SignPartAsync(jobId, uploadId, partNumber, ct);
            return TypedResults.Ok(part with { Url = Urls.Absolute(request, part.Url) });
        });

        // What an interrupted upload already sent: the browser resumes from it (only the job's owner may).
        videos.MapGet("/{jobId}/parts", async (string jobId, string? uploadId, UploadService uploads, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await actions.RequireMayChangeAsync(jobId, user, "resume the upload of", ct);
            var parts = await uploads.ListPartsAsync(jobId, uploadId, ct);
            return TypedResults.Ok(parts.Select(p => new UploadedPartView(p.PartNumber, p.ETag, p.Size)));
        });

        videos.MapPost("/{jobId}/complete", async (string jobId, CompleteUploadRequest body, UploadService uploads, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await actions.RequireMayChangeAsync(jobId, user, "upload to", ct);
            await uploads.CompleteAsync(jobId, body, ct);
            return TypedResults.NoContent();
        }).WithMetadata(new BodyLimit(BodyLimit.PartList));

        videos.MapDelete("/{jobId}", async (string jobId, string? uploadId, string? reason, UploadService uploads, JobActions actions, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await actions.RequireMayChangeAsync(jobId, user, "cancel", ct);
            await uploads.AbandonAsync(jobId, uploadId, string.IsNullOrWhiteSpace(reason) ? "The upload was cancelled." : reason.Trim(), ct);
            return TypedResults.NoContent();
        });

        return api;
    }
}
