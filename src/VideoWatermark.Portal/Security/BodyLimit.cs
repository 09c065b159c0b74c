using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using VideoWatermark.Portal.Api;

namespace VideoWatermark.Portal.Security;

/// <summary>The largest request body an endpoint takes; routing applies it to the server's per-request limit.</summary>
public sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    /// <summary>The API's JSON calls: an announcement or a refusal reason is a few hundred bytes.</summary>
    public const long Json = 16 * 1024;

    /// <summary>Announcing an upload, with up to 1,000 recipients of a few hundred bytes of values each.</summary>
    public const long Announcement = 1024 * 1024;

    /// <summary>Completing a multipart upload lists up to 10,000 parts of about 60 bytes each.</summary>
    public const long PartList = 1024 * 1024;

    /// <summary>A template: up to 16 layers, each with up to 500 characters of text and its settings.</summary>
    public const long Template = 64 * 1024;

    /// <summary>A multipart form's own framing around the file it carries.</summary>
    public const long FormOverhead = 64 * 1024;
}

/// <summary>
/// Refuses, before reading a byte of it, a body whose declared length is over the endpoint's <see cref="BodyLimit"/>,
/// with a one-line reason; the server's limit (set from the same metadata) stops a body of undeclared length.
/// </summary>
public sealed class BodyLimitGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize;
        if (limit is { } max)
        {
            if (http.Request.ContentLength > max)
            {
                return ApiProblem.WriteAsync(
                    http, StatusCodes.Status413PayloadTooLarge, $"The request body is {http.Request.ContentLength} bytes; this call takes at most {max}.");
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = max;
            }
        }

        return next(http);
    }
}
