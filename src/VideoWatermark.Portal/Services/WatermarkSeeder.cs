namespace VideoWatermark.Portal.Services;

/// <summary>Seeds the original watermark at start so a newcomer's first upload has one to use.</summary>
public sealed class WatermarkSeeder(WatermarkLibrary library, ILogger<WatermarkSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await library.SeedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store that cannot be reached at start must not keep the portal down; the health check reports it.
            logger.LogError(ex, "Could not seed the default watermark");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
