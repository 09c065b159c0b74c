namespace VideoWatermark.Portal.Services;

/// <summary>
/// Applies the default watermark chosen in the library (kept in the store) at start, after the pipeline's
/// <see cref="Pipeline.WatermarkSeeder"/> has put the original one in place.
/// </summary>
public sealed class StoredDefaultWatermark(WatermarkLibrary library, ILogger<StoredDefaultWatermark> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await library.ApplyStoredDefaultAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot be reached at start must not keep the portal down; the health check reports it.
            logger.LogError(ex, "Could not read the default watermark setting");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
