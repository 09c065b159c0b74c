using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace VideoWatermark.Portal.Auth;

/// <summary>OpenID Connect from configuration alone: the code flow with PKCE, then the portal's own principal.</summary>
public static class OidcSignIn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;

    public static void Configure(OpenIdConnectOptions options, OidcSettings settings)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = string.IsNullOrWhiteSpace(settings.ClientSecret) ? null : settings.ClientSecret;
        options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.ResponseType = "code";
        options.UsePkce = true;
        options.SaveTokens = false;
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.Scope.Clear();
        var scopes = (settings.Scopes ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var scope in scopes.Length > 0 ? scopes : ["openid", "profile", "email"])
        {
            options.Scope.Add(scope);
        }

        // The provider's claims vary; the cookie keeps only the portal's: a name and, for admins, the admin role.
        options.Events.OnTicketReceived = context =>
        {
            if (context.Principal is { } principal)
            {
                context.Principal = ToPortalUser(principal, settings);
            }

            return Task.CompletedTask;
        };
    }

    public static ClaimsPrincipal ToPortalUser(ClaimsPrincipal principal, OidcSettings settings)
    {
        string? First(params string[] types) => types.Select(t => principal.FindFirst(t)?.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var name = First("preferred_username", "email", "name", "sub", ClaimTypes.NameIdentifier) ?? "unknown";
        var email = First("email");
        var admins = (settings.AdminUsers ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var admin = admins.Any(a => a.Equals(name, StringComparison.OrdinalIgnoreCase) || a.Equals(email, StringComparison.OrdinalIgnoreCase));
        if (!admin && settings.AdminClaim?.Split('=', 2) is [var type, var value])
        {
            admin = principal.FindAll(type.Trim()).Any(c => c.Value.Equals(value.Trim(), StringComparison.Ordinal));
        }

        return PortalUser.Create(name, admin, Scheme);
    }
}
