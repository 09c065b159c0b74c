using VideoWatermark.Core;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Api;

public static class WatermarkEndpoints
{
    public static RouteGroupBuilder MapWatermarkEndpoints(this RouteGroupBuilder api)
    {
        var watermarks = api.MapGroup("/watermarks");

        watermarks.MapGet("", async (WatermarkLibrary library, CancellationToken ct) => Results.Ok(await library.ListAsync(ct)));

        // Scripts post a plain multipart form (curl -F file=@logo.png); there is no browser form to protect.
        watermarks.MapPost("", async (IFormFile? file, WatermarkLibrary library, CancellationToken ct) =>
        {
            if (file is null)
            {
                throw new RequestRefusedException("Send the image as a multipart form field named 'file'.");
            }

            await using var stream = file.OpenReadStream();
            var added = await library.UploadAsync(file.FileName, stream, file.Length, ct);
            return Results.Created($"/api/watermarks/{Uri.EscapeDataString(added.Name)}", added);
        }).DisableAntiforgery();

        watermarks.MapGet("/{name}/image", async (string name, WatermarkLibrary library, CancellationToken ct) =>
        {
            var key = WatermarkLibrary.KeyFor(name);
            return await library.ExistsAsync(key, ct)
                ? Results.Redirect((await library.ImageUrlAsync(key, ct)).OriginalString)
                : Results.Json(new ErrorView($"There is no watermark '{ObjectKeys.FileName(key)}'."), statusCode: StatusCodes.Status404NotFound);
        });

        watermarks.MapPost("/{name}/default", async (string name, WatermarkLibrary library, CancellationToken ct) =>
        {
            await library.SetDefaultAsync(name, ct);
            return Results.NoContent();
        });

        watermarks.MapDelete("/{name}", async (string name, WatermarkLibrary library, CancellationToken ct) =>
        {
            await library.DeleteAsync(name, ct);
            return Results.NoContent();
        }).RequireAuthorization(AuthServices.AdminPolicy);

        return api;
    }
}
