using System.ComponentModel.DataAnnotations;

namespace VideoWatermark.Portal.Security;

/// <summary>The API's rate limit, bound from <c>VideoWatermark:Portal:RateLimit</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "VideoWatermark:Portal:RateLimit";

    /// <summary>
    /// Calls one user (or, signed out, one client address) may make per window; 0 turns the limit off. 1200 a minute
    /// lets the upload page send 50 files at once and sign the parts of a multi-gigabyte upload at LAN speed.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int PermitLimit { get; set; } = 1200;

    [Range(1, int.MaxValue)]
    public int WindowSeconds { get; set; } = 60;
}
