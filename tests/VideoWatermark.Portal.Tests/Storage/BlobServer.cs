using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Portal.Storage;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>Serves one given disk store's URLs from a real Kestrel on 127.0.0.1, as a restarted portal would.</summary>
public sealed class BlobServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private BlobServer(WebApplication app, HttpClient http)
    {
        this.app = app;
        Http = http;
    }

    public HttpClient Http { get; }

    public static async Task<BlobServer> StartAsync(DiskObjectStore store)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(store);
        var app = builder.Build();
        app.MapEmbeddedStorage();
        await app.StartAsync();
        return new BlobServer(app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
