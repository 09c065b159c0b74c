using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// The real portal on Kestrel at 127.0.0.1 on a free port, with its own data folder: the embedded store and the local
/// worker pool over the system ffmpeg, exactly as the run script starts it.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    /// <param name="settings">Overrides of the defaults below (e.g. an S3 store instead of the embedded one).</param>
    /// <param name="services">Registrations added to the portal's (e.g. S3 credentials).</param>
    public PortalServer(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        this.settings = settings ?? new Dictionary<string, string?>();
        this.services = services;
        DataDir = Path.Combine(TempFolder.RunRoot, "vw-browser-" + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(DataDir);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public const long MultipartThreshold = 256 * 1024;

    public string DataDir { get; }

    /// <summary>What the portal logged at Error or above: browser tests name it when a page reports a failure.</summary>
    public ServerErrorLog Errors { get; } = new();

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.EndsWith('/') ? address : address + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        builder.UseSetting("VideoWatermark:DataDir", DataDir);
        builder.UseSetting("VideoWatermark:Pipeline:Kind", "Local");
        builder.UseSetting("VideoWatermark:Pipeline:Workers", "1");
        builder.UseSetting("VideoWatermark:Engine:Preset", "ultrafast");

        // Small enough that a test clip of a few hundred KB takes the multipart path the browser uses for big files.
        builder.UseSetting("VideoWatermark:Portal:MultipartThresholdBytes", MultipartThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
