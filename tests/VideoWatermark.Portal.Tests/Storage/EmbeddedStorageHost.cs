using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Storage;
using VideoWatermark.Storage;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>
/// A real Kestrel on 127.0.0.1 with the disk store registered as the portal registers it (<c>AddObjectStore</c>,
/// <c>MapEmbeddedStorage</c>) over a fresh data folder, and a listener that records every ObjectCreated.
/// </summary>
public sealed class EmbeddedStorageHost : IAsyncLifetime
{
    private readonly TempFolder data = new("vw-disk");
    private WebApplication? app;

    public DiskObjectStore Store { get; private set; } = null!;

    /// <summary>Talks to the host; relative presigned URLs resolve against it.</summary>
    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public RecordingListener Events { get; } = new();

    public string DataDir => data.Path;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["VideoWatermark:DataDir"] = data.Path });
        builder.Services.AddSingleton<IObjectCreatedListener>(Events);
        builder.Services.AddObjectStore(builder.Configuration);
        app = builder.Build();
        app.MapEmbeddedStorage();
        await app.StartAsync();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Store = app.Services.GetRequiredService<DiskObjectStore>();
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        data.Dispose();
    }
}
