using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using VideoWatermark.Portal.Api;

namespace VideoWatermark.Portal.Security;

/// <summary>
/// Keeps other sites from driving the API with the visitor's cookies. A page elsewhere can only send, without a CORS
/// preflight the portal never grants, a POST with no body or a form-type body; so a state-changing API call is
/// refused when the browser says it comes from another site (<c>Sec-Fetch-Site</c>, or else an <c>Origin</c> that is
/// not this host: the check Go's <c>http.CrossOriginProtection</c> makes), and a form-type body is refused where the
/// endpoint does not take forms. Scripts (curl) send neither header and are not affected.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    private static readonly string[] FormTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return next(http);
        }

        if (CrossSite(request) is { } why)
        {
            return Refuse(http, StatusCodes.Status403Forbidden, $"Refused: {why}; the API only takes changes from this portal's own pages and from scripts.");
        }

        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && FormTypes.Any(f => type.MediaType.Equals(f, StringComparison.OrdinalIgnoreCase))
            && !Accepts(http.GetEndpoint(), type.MediaType.Value!))
        {
            return Refuse(http, StatusCodes.Status415UnsupportedMediaType, $"This call does not take {type.MediaType} bodies: send JSON (or no body).");
        }

        return next(http);
    }

    private static string? CrossSite(HttpRequest request)
    {
        // Sent by every current browser to HTTPS and loopback origins; "none" is a typed URL or a bookmark.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none" ? null : $"the request came from another site ({site})";
        }

        // Browsers send Origin on every cross-origin POST; over plain HTTP it is the only sign there is.
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var from) && from.Authority.Equals(request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"the request came from another origin ({origin})";
    }

    private static bool Accepts(Endpoint? endpoint, string mediaType) =>
        endpoint?.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
            .Any(a => a.ContentTypes.Any(t => t.Equals(mediaType, StringComparison.OrdinalIgnoreCase))) == true;

    private static Task Refuse(HttpContext http, int status, string message) => ApiProblem.WriteAsync(http, status, message);
}
