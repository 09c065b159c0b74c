using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// Announced uploads whose video is in the store but whose job is still pending: the write's event was lost (the
/// process died in between), or the store raises none (S3 without the Lambda). Dispatching them is idempotent.
/// </summary>
public sealed class LandedUploads(JobStore jobs, IObjectStore store, DispatchService dispatch, ILogger<LandedUploads> logger)
{
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        var dispatched = 0;
        await foreach (var job in jobs.ListAsync(cancellationToken))
        {
            if (job.State == JobState.Pending && await DispatchAsync(job, cancellationToken))
            {
                dispatched++;
            }
        }

        return dispatched;
    }

    private async Task<bool> DispatchAsync(Job pending, CancellationToken cancellationToken)
    {
        var landed = await store.HeadAsync(pending.InputKey, cancellationToken);
        if (landed is null)
        {
            return false;
        }

        var result = await dispatch.HandleAsync(new ObjectCreated(store.Bucket, landed.Key, landed.Size, landed.ETag, landed.VersionId ?? landed.ETag), cancellationToken);
        logger.LogInformation("Upload {Key} had landed without being dispatched: {Outcome}", landed.Key, result.Outcome);
        return result.Outcome == DispatchOutcome.Launched;
    }
}
