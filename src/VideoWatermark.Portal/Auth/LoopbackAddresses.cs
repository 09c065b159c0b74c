using System.Net;

namespace VideoWatermark.Portal.Auth;

/// <summary>Which server addresses only this machine can reach.</summary>
public static class LoopbackAddresses
{
    /// <summary>Kestrel's address when nothing is configured.</summary>
    public const string KestrelDefault = "http://localhost:5000";

    /// <summary>
    /// True for <c>localhost</c>, 127.0.0.0/8 and ::1. Wildcards (<c>*</c>, <c>+</c>, 0.0.0.0, ::), host names, Unix
    /// sockets (a proxy may expose them) and anything unparsable count as reachable from elsewhere.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return false;
        }

        var host = parsed.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>
    /// The addresses the configuration asks Kestrel for: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>), the
    /// <c>HTTP_PORTS</c>/<c>HTTPS_PORTS</c> settings (every interface) and <c>Kestrel:Endpoints</c>; Kestrel's
    /// default when there are none.
    /// </summary>
    public static IReadOnlyList<string> Configured(IConfiguration configuration)
    {
        var addresses = new List<string>();
        addresses.AddRange(Split(configuration["urls"]));
        addresses.AddRange(Split(configuration["http_ports"]).Select(port => $"http://*:{port}"));
        addresses.AddRange(Split(configuration["https_ports"]).Select(port => $"https://*:{port}"));
        addresses.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]).OfType<string>().Where(url => url.Length > 0));
        return addresses.Count > 0 ? addresses : [KestrelDefault];
    }

    private static string[] Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
