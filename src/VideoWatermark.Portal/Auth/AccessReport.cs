using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// Logs the access decision once the server listens, and stops the portal if it turns out to listen beyond loopback
/// (a listener set up in code rather than configuration) while no login is in force.
/// </summary>
public sealed class AccessReport(PortalAccess access, IServer server, IHostApplicationLifetime lifetime, ILogger<AccessReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (access.WouldRequireLoginOn(bound))
        {
            logger.LogCritical("Stopping: the portal listens on {Addresses} without a login; configure the addresses with --urls or set {Section}:Mode", string.Join(", ", bound), AuthOptions.Section);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        var ways = new List<string>();
        if (access.Admin.IsConfigured)
        {
            ways.Add("the built-in admin");
        }

        if (access.Oidc.IsConfigured)
        {
            ways.Add($"OpenID Connect at {access.Oidc.Authority}");
        }

        if (access.LoginRequired)
        {
            logger.LogInformation("Login required: {Reason}; sign-in with {Ways}", access.Reason, string.Join(" or ", ways));
        }
        else if (access.Mode == AuthMode.None && bound.Any(a => !LoopbackAddresses.IsLoopback(a)))
        {
            logger.LogWarning("No login: {Reason}, and the portal listens on {Addresses}: anyone who reaches it is admin", access.Reason, string.Join(", ", bound));
        }
        else
        {
            logger.LogInformation("No login: {Reason}; every caller is the local admin", access.Reason);
        }
    }
}
