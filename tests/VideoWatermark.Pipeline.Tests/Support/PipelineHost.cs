using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>A host built the way the portal builds it (AddVideoWatermarkPipeline), over a temp data folder.</summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private PipelineHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IObjectStore Store => Services.GetRequiredService<IObjectStore>();

    public JobStore Jobs => Services.GetRequiredService<JobStore>();

    public static Task<PipelineHost> StartAsync(TempFolder folder, params (string Key, string Value)[] overrides) =>
        StartAsync(folder, null, overrides);

    public static async Task<PipelineHost> StartAsync(TempFolder folder, Action<IServiceCollection>? services, params (string Key, string Value)[] overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = folder.Path });
        builder.Configuration.AddInMemoryCollection(TestSettings.For(folder, overrides));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        builder.Services.AddVideoWatermarkPipeline(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new PipelineHost(host);
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await host.StopAsync();
        }
    }

    /// <summary>Waits until every job is final and returns them; fails with their states if that takes too long.</summary>
    public async Task<IReadOnlyList<Job>> AllFinishedAsync(int expected, TimeSpan? timeout = null)
    {
        List<Job> last = [];
        return await Eventually.WaitAsync<IReadOnlyList<Job>>(
            async () =>
            {
                last = await Jobs.ListAsync().ToListAsync();
                return last.Count >= expected && last.All(j => j.State.IsFinal()) ? last : null;
            },
            timeout ?? TimeSpan.FromSeconds(60),
            () => $"jobs: {string.Join(", ", last.Select(j => $"{j.FileName} {j.State} attempt {j.Attempts} {j.Error}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        host.Dispose();
    }
}
