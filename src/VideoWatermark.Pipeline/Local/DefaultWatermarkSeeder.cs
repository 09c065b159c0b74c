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
        if (await EnsureAsync(store, options.DefaultWatermark, cancellationToken))
        {
            logger.LogInformation("Seeded {Key} with the default watermark", options.DefaultWatermark);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Writes the original design's watermark at <paramref name="key"/> unless something is there already; true when
    /// it wrote. The portal seeds its library with the same call.
    /// </summary>
    public static async Task<bool> EnsureAsync(IObjectStore store, string key, CancellationToken cancellationToken = default)
    {
        if (await store.HeadAsync(key, cancellationToken) is not null)
        {
            return false;
        }

        await using var image = DefaultWatermark.OpenRead();
        return await store.PutAsync(key, image, "image/png", PutCondition.MustNotExist, cancellationToken);
    }
}
