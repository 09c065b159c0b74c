using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// Access control with ASP.NET Core's own parts: one policy scheme picks, per request, the local admin (no login),
/// HTTP Basic (scripts) or the cookie (browsers, signed in by the login form or OpenID Connect); a fallback policy
/// makes every endpoint need a signed-in user unless it says otherwise.
/// </summary>
public static class AuthServices
{
    public const string PortalScheme = "Portal";
    public const string LocalScheme = "Local";
    public const string BasicScheme = "Basic";
    public const string AdminPolicy = "Admin";
    public const string LoginPath = "/login";

    public static IServiceCollection AddPortalAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuthOptions.Section);
        services.AddOptions<AuthOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdminAccount>();
        services.AddSingleton<PortalAccess>();
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<AccessReport>();

        var session = TimeSpan.FromHours(Math.Max(1, section.GetValue(nameof(AuthOptions.SessionHours), 12)));
        var authentication = services.AddAuthentication(PortalScheme)
            .AddPolicyScheme(PortalScheme, null, o => o.ForwardDefaultSelector = SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, LocalAdminHandler>(LocalScheme, null)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicScheme, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "vw-session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = LoginPath;
                o.AccessDeniedPath = LoginPath;
                o.ExpireTimeSpan = session;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            });

        var oidc = section.GetSection(nameof(AuthOptions.Oidc)).Get<OidcSettings>() ?? new OidcSettings();
        if (oidc.IsConfigured)
        {
            authentication.AddOpenIdConnect(OidcSignIn.Scheme, o => OidcSignIn.Configure(o, oidc));
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(PortalUser.AdminRole));
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static WebApplication UsePortalAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath + "/oidc", (string? returnUrl, PortalAccess access) => access.Oidc.IsConfigured
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl(returnUrl) }, [OidcSignIn.Scheme])
            : Results.NotFound()).AllowAnonymous();

        // A form post from the app bar; the antiforgery token keeps another site from signing a user out.
        endpoints.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(LoginPath);
        }).AllowAnonymous().WithMetadata(new RequireAntiforgeryTokenAttribute());
        return endpoints;
    }

    /// <summary>Only paths on this site, so a crafted link cannot send a fresh sign-in elsewhere.</summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    private static string SchemeFor(HttpContext http)
    {
        if (!http.RequestServices.GetRequiredService<PortalAccess>().LoginRequired)
        {
            return LocalScheme;
        }

        return BasicAuthenticationHandler.IsBasic(http.Request) ? BasicScheme : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    /// <summary>Scripts and the upload module get a status they can act on; only pages are sent to the login page.</summary>
    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/storage") || path.StartsWithSegments("/_blazor"))
        {
            context.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = BasicAuthenticationHandler.Challenge;
            }

            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
