using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoWatermark.Portal.Auth;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>
/// Stand-in users for tests of who may do what: a request with <c>X-Test-User</c> is that user (an admin when
/// <c>X-Test-Admin</c> is present), signed in the way the OpenID Connect sign-in leaves a user.
/// </summary>
public sealed class TestUsers(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string UserHeader = "X-Test-User";
    public const string AdminHeader = "X-Test-Admin";

    /// <summary>Adds the scheme and lets the portal's own scheme selector hand such requests to it.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TestUsers>(SchemeName, null);
        services.PostConfigure<PolicySchemeOptions>(AuthServices.PortalScheme, o =>
        {
            var portal = o.ForwardDefaultSelector!;
            o.ForwardDefaultSelector = http => http.Request.Headers.ContainsKey(UserHeader) ? SchemeName : portal(http);
        });
    }

    public static HttpClient As(HttpClient http, string user, bool admin = false)
    {
        http.DefaultRequestHeaders.Add(UserHeader, user);
        if (admin)
        {
            http.DefaultRequestHeaders.Add(AdminHeader, "1");
        }

        return http;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var name = Request.Headers[UserHeader].ToString();
        var principal = PortalUser.Create(name, Request.Headers.ContainsKey(AdminHeader), OidcSignIn.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
