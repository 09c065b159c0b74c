using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Sends one event to one target, once. Connections go only to addresses <see cref="WebhookTargets"/> checked at
/// connect time (the handler resolves the name itself and connects to the checked address); no proxy (it would connect
/// on our behalf, unchecked) and no redirects (a public URL must not bounce the call inward).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client;
    private readonly EventsOptions options;

    public WebhookSender(EventsOptions options, WebhookTargets targets)
    {
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = options.AttemptTimeout,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(targets, context.DnsEndPoint, cancellationToken),
        };
        client = new HttpClient(handler) { Timeout = options.AttemptTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("VideoWatermark-Webhooks/1");
    }

    /// <summary>One attempt: the response's status (2xx is delivered), or why there was none.</summary>
    public async Task<DeliveryOutcome> SendAsync(string url, string eventId, string type, string body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-VideoWatermark-Event", type);
            request.Headers.Add("X-VideoWatermark-Event-Id", eventId);
            if (options.WebhookSecret is { } secret)
            {
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, now, body));
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return new DeliveryOutcome(status, status is >= 300 and < 400 ? $"Redirect to '{response.Headers.Location}' not followed." : null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(null, Reason(ex));
        }
    }

    public void Dispose() => client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(WebhookTargets targets, DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var addresses = await targets.ResolveAsync(endpoint.Host, cancellationToken);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>The innermost reason, which names the refusal or the network error rather than HttpClient's wrapper.</summary>
    private static string Reason(Exception ex)
    {
        if (ex is TaskCanceledException)
        {
            return "No answer in time.";
        }

        var inner = ex;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        return inner.Message;
    }
}

/// <param name="Status">The HTTP status answered, null when the call got no answer.</param>
/// <param name="Error">Why it did not count as delivered, when the status does not say it alone.</param>
public sealed record DeliveryOutcome(int? Status, string? Error)
{
    public bool Delivered => Status is >= 200 and < 300;
}
