using Microsoft.Extensions.Options;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Dispatch;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Pending jobs whose upload was abandoned (the browser closed mid-way) would wait forever. Past
/// <see cref="PortalOptions.AbandonedUploadHours"/> such a job is cancelled when its video never arrived, and queued
/// when the video did arrive but its ObjectCreated was lost: an upload that landed is never dropped.
/// </summary>
public sealed class AbandonedUploadSweeper(
    JobStore jobs,
    JobIndex index,
    LandedUploads landed,
    IOptions<PortalOptions> options,
    TimeProvider time,
    ILogger<AbandonedUploadSweeper> logger) : BackgroundService
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromHours(options.Value.AbandonedUploadHours);
        var handled = 0;
        foreach (var job in index.All().Where(j => j.State == JobState.Pending && j.CreatedAt < cutoff))
        {
            if (await landed.DispatchAsync(job, cancellationToken) is null)
            {
                await jobs.UpdateAsync(job.Id, current => current.State == JobState.Pending
                    ? current.Cancel("The upload never finished.", time.GetUtcNow())
                    : current, cancellationToken);
            }

            handled++;
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not sweep abandoned uploads");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
