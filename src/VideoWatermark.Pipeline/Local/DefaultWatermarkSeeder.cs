using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Pipeline.Local;

/// <summary>A new store gets the default watermark, so a video dropped in on the first run already has one.</summary>
public sealed class DefaultWatermarkSeeder(IObjectStore store, PipelineOptions options, ILogger<DefaultWatermarkSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await store.HeadAsync(options.DefaultWatermark, cancellationToken) is not null)
        {
            return;
        }

        await using var image = DefaultWatermark.OpenRead();
        if (await store.PutAsync(options.DefaultWatermark, image, "image/png", PutCondition.MustNotExist, cancellationToken))
        {
            logger.LogInformation("Seeded {Key} with the default watermark", options.DefaultWatermark);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
