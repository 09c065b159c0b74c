using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Errors;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Security;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

public static class WatermarkEndpoints
{
    public static RouteGroupBuilder MapWatermarkEndpoints(this RouteGroupBuilder api)
    {
        var watermarks = api.MapGroup("/watermarks");
        var maxImage = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<PortalOptions>>().Value.MaxWatermarkBytes;

        watermarks.MapGet("", async (WatermarkLibrary library, CancellationToken ct) => TypedResults.Ok(await library.ListAsync(ct)));

        // Scripts post a plain multipart form (curl -F file=@logo.png); there is no browser form to protect, and
        // CrossSiteRequestGuard refuses a form another site's page posts.
        watermarks.MapPost("", async (IFormFile? file, WatermarkLibrary library, CancellationToken ct) =>
        {
            if (file is null)
            {
                throw new InvalidInputException("Send the image as a multipart form field named 'file'.");
            }

            await using var stream = file.OpenReadStream();
            var added = await library.UploadAsync(file.FileName, stream, file.Length, ct);
            return TypedResults.Created($"/api/watermarks/{Uri.EscapeDataString(added.Name)}", added);
        }).DisableAntiforgery().WithMetadata(new BodyLimit(maxImage + BodyLimit.FormOverhead));

        watermarks.MapGet("/{name}/image", async (string name, WatermarkLibrary library, CancellationToken ct) =>
        {
            var key = WatermarkLibrary.KeyFor(name);
            return await library.ExistsAsync(key, ct)
                ? TypedResults.Redirect((await library.ImageUrlAsync(key, ct)).OriginalString)
                : throw new NotFoundException($"There is no watermark '{ObjectKeys.FileName(key)}'.");
        });

        watermarks.MapPost("/{name}/default", async (string name, WatermarkLibrary library, CancellationToken ct) =>
        {
            await library.SetDefaultAsync(name, ct);
            return TypedResults.NoContent();
        });

        watermarks.MapDelete("/{name}", async (string name, WatermarkLibrary library, CancellationToken ct) =>
        {
            await library.DeleteAsync(name, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthServices.AdminPolicy);

        return api;
    }
}
