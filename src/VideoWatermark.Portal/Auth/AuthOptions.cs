using System.ComponentModel.DataAnnotations;

namespace VideoWatermark.Portal.Auth;

/// <summary>Whether visitors must sign in.</summary>
public enum AuthMode
{
    /// <summary>No login when the portal listens only on loopback, login otherwise.</summary>
    Auto,

    /// <summary>Never: every caller is the local admin (for a portal behind a proxy that does its own sign-in).</summary>
    None,

    /// <summary>Always.</summary>
    Required,
}

/// <summary>The <c>VideoWatermark:Portal:Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "VideoWatermark:Portal:Auth";

    [EnumDataType(typeof(AuthMode))]
    public AuthMode Mode { get; set; } = AuthMode.Auto;

    /// <summary>
    /// The built-in admin's password hash (as <c>set-admin-password</c> prints it), for containers whose data folder
    /// is not kept; it wins over the one in the data folder.
    /// </summary>
    public string? AdminPasswordHash { get; set; }

    /// <summary>Failed sign-ins allowed per client address within <see cref="LockoutMinutes"/>.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, int.MaxValue)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a browser stays signed in without using the portal.</summary>
    [Range(1, int.MaxValue)]
    public int SessionHours { get; set; } = 12;

    public OidcSettings Oidc { get; set; } = new();
}

/// <summary>An OpenID Connect provider; configured when <see cref="Authority"/> is set.</summary>
public sealed class OidcSettings
{
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Space- or comma-separated; <c>openid profile email</c> when empty.</summary>
    public string? Scopes { get; set; }

    /// <summary>What the login page's button says.</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>User names or e-mail addresses that are admins (comma-separated in the environment form).</summary>
    public string? AdminUsers { get; set; }

    /// <summary>A claim that makes its holder an admin, as <c>type=value</c> (e.g. <c>groups=video-admins</c>).</summary>
    public string? AdminClaim { get; set; }

    /// <summary>Off only for a provider on plain HTTP in a test or a lab.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}
