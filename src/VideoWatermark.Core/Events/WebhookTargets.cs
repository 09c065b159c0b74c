using System.Net;
using VideoWatermark.Core.Errors;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Which URLs events may go to. A target must be an absolute http(s) URL without credentials; unless
/// <see cref="EventsOptions.AllowPrivateTargets"/> is set, its host must be public: a private, loopback, link-local
/// (…) address (<see cref="PrivateAddresses"/>) or a name that resolves to one is refused. The same check runs again
/// on the address each delivery actually connects to (<see cref="ResolveAsync"/>), so a name that changes its answer
/// after the check (DNS rebinding) gains nothing.
/// </summary>
public sealed class WebhookTargets(EventsOptions options)
{
    private const int MaxUrlLength = 2048;

    public bool AllowPrivate => options.AllowPrivateTargets;

    /// <summary>
    /// Refuses a malformed URL or a private address written in it (<see cref="InvalidInputException"/>, the reason
    /// naming it); names are not resolved here: <see cref="ValidateAsync"/> does that too.
    /// </summary>
    public Uri Validate(string url)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidInputException($"The callback URL '{Shorten(url)}' is not an absolute http(s) URL.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new InvalidInputException("The callback URL must not carry a user name or password; the events are signed instead.");
        }

        if (!options.AllowPrivateTargets)
        {
            if (IPAddress.TryParse(uri.IdnHost, out var address))
            {
                RefuseIfPrivate(uri.IdnHost, address);
            }
            else if (uri.IsLoopback || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || !uri.IdnHost.Contains('.', StringComparison.Ordinal))
            {
                throw new InvalidInputException($"The callback URL's host '{uri.Host}' is not a public name; private targets are off (VideoWatermark:Events:AllowPrivateTargets).");
            }
        }

        return uri;
    }

    /// <summary>As <see cref="Validate"/>, and a name must resolve, to public addresses only.</summary>
    public async Task<Uri> ValidateAsync(string url, CancellationToken cancellationToken = default)
    {
        var uri = Validate(url);
        try
        {
            await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (WebhookTargetRefusedException ex)
        {
            throw new InvalidInputException(ex.Message);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new InvalidInputException($"The callback URL's host '{uri.Host}' does not resolve: {ex.Message}");
        }

        return uri;
    }

    /// <summary>
    /// The addresses to connect to for <paramref name="host"/>: all of them checked, the whole answer refused
    /// (<see cref="WebhookTargetRefusedException"/>) when any one is private and private targets are off.
    /// </summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // RFC 6761: these names are this machine whatever a resolver says, so no lookup is needed to refuse them.
        if (!options.AllowPrivateTargets && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)))
        {
            throw new WebhookTargetRefusedException($"'{host}' is this machine, a private address; private targets are off (VideoWatermark:Events:AllowPrivateTargets).");
        }

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!options.AllowPrivateTargets)
        {
            foreach (var address in addresses)
            {
                if (PrivateAddresses.IsPrivate(address))
                {
                    throw new WebhookTargetRefusedException($"'{host}' is {(address.ToString() == host ? "" : $"at {address}, ")}a private address; private targets are off (VideoWatermark:Events:AllowPrivateTargets).");
                }
            }
        }

        return addresses;
    }

    /// <summary>The target as logs and pages show it: without its query, which may carry a receiver's token.</summary>
    public static string Describe(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "(not a URL)";

    private static void RefuseIfPrivate(string host, IPAddress address)
    {
        if (PrivateAddresses.IsPrivate(address))
        {
            throw new InvalidInputException($"The callback URL's host '{host}' is a private address; private targets are off (VideoWatermark:Events:AllowPrivateTargets).");
        }
    }

    private static string Shorten(string? url) => url is null ? "" : url.Length > 80 ? url[..80] + "…" : url;
}

/// <summary>A delivery's target is, or resolved to, an address events may not reach.</summary>
public sealed class WebhookTargetRefusedException(string reason) : Exception(reason);
