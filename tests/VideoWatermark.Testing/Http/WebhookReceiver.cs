using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VideoWatermark.Testing.Http;

/// <summary>
/// A webhook receiver on 127.0.0.1 (HttpListener): keeps every request it gets and answers 204, or what
/// <see cref="Answer"/> says. Started when the test wants it up, so a test can leave it down for the first attempts.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<Received> received = new();

    public WebhookReceiver(int? port = null)
    {
        Port = port ?? FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    /// <summary>What the receiver answers a request to the given path; 204 by default.</summary>
    public Func<string, (int Status, string? Location)> Answer { get; set; } = _ => (204, null);

    public IReadOnlyList<Received> Requests => [.. received];

    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";

    public void Start()
    {
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> enough, string what, TimeSpan? timeout = null) =>
        Eventually.WaitAsync<IReadOnlyList<Received>>(
            () => Task.FromResult(enough(Requests) ? Requests : null),
            timeout ?? TimeSpan.FromSeconds(60),
            () => $"{what}; received: {string.Join(", ", Requests.Select(r => $"{r.Path} {r.Type}"))}");

    public void Dispose()
    {
        // Close alone, not Stop first: .NET's managed HttpListener removes its prefixes on Close by looking up their
        // endpoint, and after a Stop that lookup binds the port anew, which fails once another listener has it.
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Only from that lookup for a receiver never started: nothing listens on the port either way.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Url!.AbsolutePath;
            received.Enqueue(new Received(path, body, context.Request.Headers["X-VideoWatermark-Signature"], DateTimeOffset.UtcNow));
            var (status, location) = Answer(path);
            context.Response.StatusCode = status;
            if (location is not null)
            {
                context.Response.RedirectLocation = location;
            }

            context.Response.Close();
        }
    }
}

/// <summary>One request as the receiver got it.</summary>
public sealed record Received(string Path, string Body, string? Signature, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Type => Body.Length > 0 ? Json.GetProperty("type").GetString() : null;

    public JsonElement Data => Json.GetProperty("data");

    /// <summary>
    /// Checks the signature as a receiver would, with nothing of the product's code: <c>t=&lt;unix&gt;,v1=&lt;hex&gt;</c>,
    /// the HMAC-SHA256 of <c>"&lt;t&gt;.&lt;body&gt;"</c> under the shared secret, and a timestamp within five minutes.
    /// </summary>
    public bool SignedWith(string secret)
    {
        if (Signature is null)
        {
            return false;
        }

        var parts = Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{parts["t"]}.{Body}"));
        var age = DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts["t"], System.Globalization.CultureInfo.InvariantCulture));
        return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(parts["v1"]), expected) && age.Duration() < TimeSpan.FromMinutes(5);
    }
}
