using System.Security.Claims;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Security;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

/// <summary>Saved templates: list, save a new version, read one version, delete every version.</summary>
public static class TemplateEndpoints
{
    public static RouteGroupBuilder MapTemplateEndpoints(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates");

        templates.MapGet("", async (TemplateLibrary library, CancellationToken ct) =>
            TypedResults.Ok((await library.ListAsync(ct)).Select(t => TemplateView.From(t))));

        // The body is read as the template format itself (unknown fields refused), not through the API's own JSON
        // settings, so a file that works on the command line works here and the reverse.
        templates.MapPost("", async (HttpRequest request, TemplateLibrary library, CancellationToken ct) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            var saved = await library.SaveAsync(TemplateJson.Deserialize(body.ToArray()), ct);
            return TypedResults.Created($"/api/templates/{Uri.EscapeDataString(saved.Name)}?version={saved.Version}", TemplateView.From(saved));
        }).WithMetadata(new BodyLimit(BodyLimit.Template));

        // The editor's preview for scripts and tests: the template in the body, the moment and the video's length in
        // the query, a PNG of the sample frame (or of the original of the caller's job `job` at that moment, at its
        // size and, unless `duration` says otherwise, its length) as the worker would mark it then.
        templates.MapPost("/preview", async (HttpRequest request, double? t, double? duration, string? job, ClaimsPrincipal user, TemplatePreview preview, CancellationToken ct) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, ct);
            var template = TemplateJson.Deserialize(body.ToArray());
            if (string.IsNullOrWhiteSpace(job))
            {
                return TypedResults.File((await preview.RenderAsync(template, t ?? 0, duration ?? TemplatePreview.DefaultVideoSeconds, ct)).Png, "image/png");
            }

            var seconds = duration ?? await preview.VideoSecondsAsync(job, user, ct);
            return TypedResults.File((await preview.RenderAsync(template, t ?? 0, seconds, (job, user), ct)).Png, "image/png");
        }).WithMetadata(new BodyLimit(BodyLimit.Template));

        templates.MapGet("/{name}", async (string name, int? version, TemplateLibrary library, CancellationToken ct) =>
        {
            var stored = await library.GetAsync(name, version, ct);
            return TypedResults.Ok(TemplateView.From(stored, await library.VersionsAsync(name, ct)));
        });

        templates.MapDelete("/{name}", async (string name, TemplateLibrary library, CancellationToken ct) =>
        {
            await library.DeleteAsync(name, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthServices.AdminPolicy);

        return api;
    }
}
