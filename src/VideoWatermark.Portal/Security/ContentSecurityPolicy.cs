namespace VideoWatermark.Portal.Security;

/// <summary>
/// The portal's Content-Security-Policy. Scripts only from the portal (blazor.web.js, MudBlazor's script, the upload
/// module); inline styles allowed because MudBlazor renders <c>style</c> attributes and its theme's <c>&lt;style&gt;</c>
/// element; <c>blob:</c> media for the preview of a file not yet uploaded; the store's origin (S3) for the browser's
/// direct PUTs and for playing and showing signed results; no framing, plugins, foreign base or form targets.
/// </summary>
public static class ContentSecurityPolicy
{
    public static string Build(string? storageOrigin)
    {
        var store = storageOrigin is null ? "" : " " + storageOrigin;
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            $"img-src 'self' data: blob:{store}",
            $"media-src 'self' blob:{store}",
            $"connect-src 'self'{store}",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }
}
