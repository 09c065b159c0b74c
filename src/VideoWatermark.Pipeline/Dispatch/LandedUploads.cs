using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Dispatch;

/// <summary>
/// The one re-dispatcher for announced uploads whose video is in the store but whose job is still pending: the
/// write's event was lost (the process died in between, a Lambda invocation gave up), or the store raises none (S3
/// without the Lambda). It hands the upload to the same dispatch core as the event, with the same object version
/// (<see cref="ObjectCreated.Version"/>), so whichever of the two comes second finds the job taken and starts nothing.
/// </summary>
public sealed class LandedUploads(JobStore jobs, IObjectStore store, DispatchService dispatch, ILogger<LandedUploads> logger)
{
    /// <summary>Dispatches every pending job whose video landed; returns how many workers were started.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        var launched = 0;
        await foreach (var job in jobs.ListAsync(cancellationToken))
        {
            if (job.State == JobState.Pending && await DispatchAsync(job, cancellationToken) is { Outcome: DispatchOutcome.Launched })
            {
                launched++;
            }
        }

        return launched;
    }

    /// <summary>Dispatches <paramref name="pending"/> when its video landed; null when the video is not in the store.</summary>
    public async Task<DispatchResult?> DispatchAsync(Job pending, CancellationToken cancellationToken)
    {
        var landed = await store.HeadAsync(pending.InputKey, cancellationToken);
        if (landed is null)
        {
            return null;
        }

        var result = await dispatch.HandleAsync(ObjectCreated.Landed(store.Bucket, landed), cancellationToken);
        logger.LogInformation("Upload {Key} had landed without being dispatched: {Outcome}. {Detail}", landed.Key, result.Outcome, result.Detail);
        return result;
    }
}
