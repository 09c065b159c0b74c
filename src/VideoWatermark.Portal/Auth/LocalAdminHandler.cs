using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace VideoWatermark.Portal.Auth;

/// <summary>When no login is required, every caller is the local admin.</summary>
public sealed class LocalAdminHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string AuthenticationType = "Loopback";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
            PortalUser.Create(AdminAccount.UserName, admin: true, AuthenticationType), Scheme.Name)));
}
