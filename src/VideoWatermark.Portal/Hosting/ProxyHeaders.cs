using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace VideoWatermark.Portal.Hosting;

/// <summary>
/// Behind a load balancer or reverse proxy: the client's address (sign-in lockout, rate limits) and scheme (Secure
/// cookies, the OpenID Connect callback) come from X-Forwarded-For and X-Forwarded-Proto, but only when the connection
/// comes from one of <see cref="TrustedProxiesKey"/>; from anyone else the headers are ignored, so a client cannot
/// pick its own address. Only the last X-Forwarded-For entry is used: the one the trusted proxy added itself.
/// </summary>
public static class ProxyHeaders
{
    /// <summary>Comma-separated addresses or CIDR networks of the proxies in front of the portal (on AWS the VPC).</summary>
    public const string TrustedProxiesKey = "VideoWatermark:Portal:TrustedProxies";

    /// <summary>What ASPNETCORE_FORWARDEDHEADERS_ENABLED is read as; with it, ASP.NET Core adds the middleware itself.</summary>
    private const string FrameworkSwitchKey = "FORWARDEDHEADERS_ENABLED";

    public static IServiceCollection AddProxyHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = TrustedNetworks(configuration);
        if (trusted.Count == 0)
        {
            return services;
        }

        // Runs after ASP.NET Core's own setup for ASPNETCORE_FORWARDEDHEADERS_ENABLED, which trusts every sender.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in trusted)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    /// <summary>First in the pipeline, unless ASP.NET Core put it there already.</summary>
    public static WebApplication UseProxyHeaders(this WebApplication app)
    {
        if (TrustedNetworks(app.Configuration).Count > 0 && !FrameworkAddsMiddleware(app.Configuration))
        {
            app.UseForwardedHeaders();
        }

        return app;
    }

    /// <exception cref="InvalidOperationException">An entry is neither an address nor a network.</exception>
    public static IReadOnlyList<IPNetwork> TrustedNetworks(IConfiguration configuration)
    {
        var entries = (configuration[TrustedProxiesKey] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new InvalidOperationException(
                    $"'{entry}' in {TrustedProxiesKey} is neither an IP address nor a network such as 10.0.0.0/16.");
            }
        }

        return networks;
    }

    private static bool FrameworkAddsMiddleware(IConfiguration configuration) =>
        string.Equals(configuration[FrameworkSwitchKey], "true", StringComparison.OrdinalIgnoreCase);
}
