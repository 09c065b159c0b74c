namespace VideoWatermark.Portal.Security;

/// <summary>
/// Puts the security headers on every response the portal sends, error pages included (they are added as the
/// response starts, after any handler cleared the headers), and keeps API answers out of caches: they carry
/// freshly signed URLs and job state.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, StorageOrigin storage)
{
    private string? policy;

    public async Task InvokeAsync(HttpContext http)
    {
        policy ??= ContentSecurityPolicy.Build(await storage.GetAsync());
        var csp = policy;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = csp;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next(http);
    }
}
