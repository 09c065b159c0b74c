using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace VideoWatermark.Portal.Auth;

/// <summary>HTTP Basic for the built-in admin, so scripts (<c>curl -u admin</c>) can use the API and storage URLs.</summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminAccount admin,
    SignInThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Challenge = "Basic realm=\"VideoWatermark\", charset=\"UTF-8\"";

    public static bool IsBasic(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return AuthenticateResult.NoResult();
        }

        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("The Basic credentials are not base64.");
        }

        var client = SignInThrottle.ClientOf(Context);
        if (throttle.IsLockedOut(client))
        {
            return AuthenticateResult.Fail("Too many failed sign-ins from this address.");
        }

        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && admin.Verify(credentials[..colon], credentials[(colon + 1)..]))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(
                PortalUser.Create(AdminAccount.UserName, admin: true, Scheme.Name), Scheme.Name));
        }

        await throttle.FailedAsync(client, Context.RequestAborted);
        return AuthenticateResult.Fail("Wrong user name or password.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }
}
