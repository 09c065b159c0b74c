using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Pipeline;

/// <summary>
/// The one seeder: a new store gets the default watermark at start, so a video dropped in (or a newcomer's first
/// upload) on the first run already has one.
/// </summary>
public sealed class WatermarkSeeder(IObjectStore store, PipelineOptions options, ILogger<WatermarkSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await EnsureAsync(store, options.DefaultWatermark, cancellationToken))
            {
                logger.LogInformation("Seeded {Key} with the default watermark", options.DefaultWatermark);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot be reached at start must not keep the process down; the health check reports it.
            logger.LogError(ex, "Could not seed the default watermark at {Key}", options.DefaultWatermark);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Writes the original design's watermark at <paramref name="key"/> unless something is there already, with its
    /// measured <see cref="WatermarkFacts"/> beside it; true when it wrote.
    /// </summary>
    public static async Task<bool> EnsureAsync(IObjectStore store, string key, CancellationToken cancellationToken = default)
    {
        if (await store.HeadAsync(key, cancellationToken) is not null)
        {
            return false;
        }

        byte[] bytes;
        await using (var source = DefaultWatermark.OpenRead())
        {
            using var buffer = new MemoryStream();
            await source.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        using var image = new MemoryStream(bytes, writable: false);
        if (!await store.PutAsync(key, image, "image/png", PutCondition.MustNotExist, cancellationToken))
        {
            return false;
        }

        if (await store.HeadAsync(key, cancellationToken) is { } stored && WatermarkImage.Inspect(bytes, key).Image is { } header)
        {
            await WatermarkFacts.MeasureAndKeepAsync(store, stored, bytes, header, cancellationToken);
        }

        return true;
    }
}
