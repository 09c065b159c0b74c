using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace VideoWatermark.Portal.Tests.Infrastructure;

/// <summary>
/// The real portal in-process: the embedded store in a temp folder and the local worker pool running the real engine
/// over the system ffmpeg. Extra settings override the defaults.
/// </summary>
public sealed class PortalFactory(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    private readonly TempFolder data = new();

    // Each portal's runs get their own work folder: a starting pool clears leftovers from its folder, and must not
    // clear the running jobs of another portal in the same test process.
    private readonly TempFolder work = new();

    public string DataDir => data.Path;

    public string WorkDir => work.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("VideoWatermark:DataDir", data.Path);
        builder.UseSetting("VideoWatermark:Pipeline:Kind", "Local");
        builder.UseSetting("VideoWatermark:Pipeline:Workers", "1");
        builder.UseSetting("VideoWatermark:Pipeline:WorkDir", work.Path);
        builder.UseSetting("VideoWatermark:Engine:Preset", "ultrafast");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
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
            work.Dispose();
        }
    }
}
