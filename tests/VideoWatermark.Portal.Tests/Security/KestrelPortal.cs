using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>
/// The real portal on Kestrel at 127.0.0.1 (request-size limits and client addresses are the server's, which the
/// in-memory test server does not have), in Production so the headers are the ones users get, with its own data
/// folder. Extra settings override the defaults.
/// </summary>
public class KestrelPortal : WebApplicationFactory<Program>
{
    private readonly TempFolder data = new();
    private readonly IReadOnlyDictionary<string, string?> settings;

    public KestrelPortal()
        : this(new Dictionary<string, string?>())
    {
    }

    protected KestrelPortal(IReadOnlyDictionary<string, string?> settings)
    {
        this.settings = settings;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public string DataDir => data.Path;

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    /// <summary>A client of the real server; it does not follow redirects, so each answer is the portal's own.</summary>
    public HttpClient Http() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("VideoWatermark:DataDir", data.Path);
        builder.UseSetting("VideoWatermark:Pipeline:Kind", "Local");
        builder.UseSetting("VideoWatermark:Pipeline:Workers", "1");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            data.Dispose();
        }
    }
}
