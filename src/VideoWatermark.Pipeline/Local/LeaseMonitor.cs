using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Pipeline.Dispatch;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// Looks for jobs whose worker went quiet and runs them again, or fails them past the attempt limit; and for announced
/// uploads that landed without an event (an S3 bucket has no Lambda to tell this process).
/// </summary>
public sealed class LeaseMonitor(DispatchService dispatch, LandedUploads landed, PipelineOptions options, TimeProvider time, ILogger<LeaseMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SweepSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var result in await dispatch.SweepAsync(stoppingToken))
                {
                    logger.LogWarning("Lost job {JobId}: {Outcome}. {Detail}", result.JobId, result.Outcome, result.Detail);
                }

                await landed.DispatchAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The lease sweep failed; trying again in {Seconds} s", options.SweepSeconds);
            }
        }
    }
}
