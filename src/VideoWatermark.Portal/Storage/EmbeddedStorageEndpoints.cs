using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using VideoWatermark.Storage;
using VideoWatermark.Storage.Disk;
using EntityTag = Microsoft.Net.Http.Headers.EntityTagHeaderValue;

namespace VideoWatermark.Portal.Storage;

/// <summary>
/// The disk store's signed URLs, served by the app that hosts it (the Rails ActiveStorage Disk-service pattern):
/// <c>PUT /storage/blobs/{token}</c> takes an upload or one part of a multipart upload, <c>GET</c> (and HEAD) streams
/// an object with range support. Bodies stream straight to and from disk. A token that is tampered with, expired,
/// for another method or with the wrong content type gets 403; a body over the signed length gets 413; a grant whose
/// key or upload would leave the data folder (only possible with a leaked signing key) gets 400; a body the disk has no
/// room for gets 507. None writes anything.
/// </summary>
public static class EmbeddedStorageEndpoints
{
    internal static async Task<IResult> PutAsync(string token, HttpContext http, DiskObjectStore store)
    {
        var grant = store.Signer.Verify(token, out var reason);
        if (grant is null || grant.Method != "PUT")
        {
            return Forbidden(grant is null ? reason : "this URL is not for uploads");
        }

        if (DiskKeys.Problem(grant.Key) is { } problem)
        {
            return BadRequest(problem);
        }

        if (grant.ContentType is { } expected && !SameMediaType(http.Request.ContentType, expected))
        {
            return Forbidden($"the upload must be sent as {expected}");
        }

        var max = grant.MaxLength;
        if (http.Request.ContentLength > max)
        {
            return TooLarge(max.Value);
        }

        // The signed maximum is the limit here, not the server's default for request bodies.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        try
        {
            string etag;
            if (grant.UploadId is { } uploadId && grant.PartNumber is { } part)
            {
                etag = await store.PutPartAsync(grant.Key, uploadId, part, http.Request.BodyReader, max, http.RequestAborted);
            }
            else
            {
                await store.PutAsync(grant.Key, http.Request.BodyReader, grant.ContentType ?? "application/octet-stream", null, max, http.RequestAborted);
                etag = (await store.HeadAsync(grant.Key, http.RequestAborted))?.ETag ?? "";
            }

            http.Response.Headers.ETag = ETags.Quote(etag);
            return Results.Ok();
        }
        catch (ContentTooLargeException e)
        {
            return TooLarge(e.MaxLength);
        }
        catch (MultipartUploadNotFoundException e)
        {
            return Results.Text(e.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (ArgumentException e)
        {
            // A malformed upload id or part number inside a validly signed grant.
            return BadRequest(e.Message);
        }
        catch (IOException e) when (DiskFull.Explains(e))
        {
            // The staged file is gone already; the client is told why, not handed a server error to retry blindly.
            return Results.Text(
                "The store's disk is full: the upload was not kept. Free space under the portal's data folder (VideoWatermark:DataDir) and send it again.",
                statusCode: StatusCodes.Status507InsufficientStorage);
        }
    }

    internal static IResult Get(string token, HttpContext http, DiskObjectStore store)
    {
        var grant = store.Signer.Verify(token, out var reason);
        if (grant is null || grant.Method != "GET")
        {
            return Forbidden(grant is null ? reason : "this URL is not for downloads");
        }

        if (DiskKeys.Problem(grant.Key) is { } problem)
        {
            return BadRequest(problem);
        }

        if (store.Locate(grant.Key) is not { } found)
        {
            return Results.Text($"No object at '{grant.Key}'.", statusCode: StatusCodes.Status404NotFound);
        }

        if (grant.Disposition is { } disposition)
        {
            http.Response.Headers.ContentDisposition = disposition;
        }

        return Results.File(
            found.Path,
            found.Info.ContentType ?? "application/octet-stream",
            lastModified: found.Info.LastModified,
            entityTag: found.Info.ETag is { } etag ? new EntityTag(ETags.Quote(etag)) : null,
            enableRangeProcessing: true);
    }

    private static bool SameMediaType(string? sent, string expected) =>
        MediaTypeHeaderValue.TryParse(sent, out var a) && MediaTypeHeaderValue.TryParse(expected, out var b)
        && a.MediaType.Equals(b.MediaType, StringComparison.OrdinalIgnoreCase);

    private static IResult Forbidden(string reason) =>
        Results.Text($"Forbidden: {reason}.", statusCode: StatusCodes.Status403Forbidden);

    private static IResult BadRequest(string problem) =>
        Results.Text($"Bad request: the URL names no valid object ({problem.TrimEnd('.')}).", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Anything under the storage prefix that is not <c>blobs/{token}</c>: a mangled or traversing path.</summary>
    internal static IResult NotASignedUrl() =>
        Results.Text("Bad request: this is not a signed storage URL.", statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge(long max) =>
        Results.Text($"The upload is larger than the {max} bytes this URL allows.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
