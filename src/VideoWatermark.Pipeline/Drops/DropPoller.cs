using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.S3;

namespace VideoWatermark.Pipeline.Drops;

/// <summary>
/// Finds videos dropped into an S3 bucket's <c>unprocessed-videos/</c> when nothing announces them (no Lambda; any
/// S3-compatible store). S3 lists only completed objects, so a multipart upload is found once, after it completes.
/// <para>
/// While the folder holds fewer than <see cref="WholeListingBelow"/> keys each pass lists all of it: that is one
/// request either way, and it finds a key that sorts before the ones already seen (say, a multipart upload begun
/// early and completed late) at the next pass. Past that, a pass asks only for keys after the greatest one seen
/// (<c>StartAfter</c>: one request while nothing is new), and every <see cref="DropOptions.PollFullPassMinutes"/> it
/// lists the whole folder, which catches such a key then. What was handled is kept in <see cref="DropPollState"/>, so
/// a restart dispatches nothing twice. Every find goes through a HEAD to the same dispatch core as the store's events,
/// with the value a HEAD gives (<see cref="ObjectCreated.Landed"/>), which is also what a notification of that object
/// gives.
/// </para>
/// </summary>
public sealed class DropPoller(
    IObjectStore store,
    JobStore jobs,
    DispatchService dispatch,
    IOptions<DropOptions> options,
    TimeProvider time,
    ILogger<DropPoller> logger) : BackgroundService
{
    /// <summary>One page of a LIST: below this, a whole listing costs the same single request as a StartAfter one.</summary>
    public const int WholeListingBelow = 1000;

    private DropPollState? handled;
    private DateTimeOffset lastFull = DateTimeOffset.MinValue;
    private int keysAtLastFull = int.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not S3ObjectStore)
        {
            return;
        }

        var settings = options.Value;
        if (settings.PollSeconds <= 0)
        {
            logger.LogInformation(
                "Drops into s3://{Bucket}/{Prefix} are not polled (VideoWatermark:Pipeline:PollSeconds is 0): only portal uploads and notifications start jobs",
                store.Bucket, ObjectKeys.UnprocessedPrefix);
            return;
        }

        logger.LogInformation(
            "Drops into s3://{Bucket}/{Prefix} are found by listing it every {Seconds} s (all of it while it holds fewer than {Keys} keys, else new keys after the last one seen and the whole folder every {Minutes} min), and at once by notifications (POST /api/events/s3, or an SQS queue when DropQueueUrl is set)",
            store.Bucket, ObjectKeys.UnprocessedPrefix, settings.PollSeconds, WholeListingBelow, settings.PollFullPassMinutes);

        var every = TimeSpan.FromSeconds(settings.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Looking for drops in s3://{Bucket}/{Prefix} failed; trying again in {Seconds} s", store.Bucket, ObjectKeys.UnprocessedPrefix, settings.PollSeconds);
            }

            await Task.Delay(every, time, stoppingToken);
        }
    }

    /// <summary>One pass over the folder: dispatches what is new and saves what was handled.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken = default)
    {
        if (store is not S3ObjectStore s3)
        {
            throw new InvalidOperationException("Only an S3 store is polled for drops.");
        }

        var state = handled ??= await DropPollState.LoadAsync(store, cancellationToken) ?? await BaselineAsync(cancellationToken);
        var now = time.GetUtcNow();
        var full = keysAtLastFull < WholeListingBelow || now - lastFull >= TimeSpan.FromMinutes(options.Value.PollFullPassMinutes);
        var (changed, listed) = await PassAsync(s3, state, full, cancellationToken);
        if (changed)
        {
            await state.SaveAsync(store, cancellationToken);
        }

        if (full)
        {
            lastFull = now;
            keysAtLastFull = listed;
        }
    }

    /// <summary>One pass; whether the state changed, and how many keys were listed.</summary>
    private async Task<(bool Changed, int Listed)> PassAsync(S3ObjectStore s3, DropPollState state, bool full, CancellationToken cancellationToken)
    {
        var changed = false;
        var count = 0;
        var listed = full ? new HashSet<string>(StringComparer.Ordinal) : null;
        await foreach (var found in s3.ListAfterAsync(ObjectKeys.UnprocessedPrefix, full ? null : state.LastKey, cancellationToken))
        {
            count++;
            listed?.Add(found.Key);
            if (ObjectKeys.IsTrigger(found.Key) && !(state.Seen.TryGetValue(found.Key, out var seen) && seen == found.ETag))
            {
                if (await store.HeadAsync(found.Key, cancellationToken) is { } head)
                {
                    var landed = head with { VersionId = head.VersionId is null or "null" ? null : head.VersionId };
                    var result = await dispatch.HandleAsync(ObjectCreated.Landed(store.Bucket, landed), cancellationToken);
                    logger.LogInformation("Drop {Key}: {Outcome} {JobId}. {Detail}", found.Key, result.Outcome, result.JobId, result.Detail);
                }

                state.Seen[found.Key] = found.ETag ?? "";
                changed = true;
            }

            // Only after the dispatch: one that failed is tried again by the next pass, not skipped until a whole listing.
            if (string.CompareOrdinal(found.Key, state.LastKey) > 0)
            {
                state.LastKey = found.Key;
                changed = true;
            }
        }

        // Keys deleted since are forgotten, so the state stays as large as the folder.
        if (listed is not null)
        {
            foreach (var gone in state.Seen.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                state.Seen.Remove(gone);
                changed = true;
            }
        }

        return (changed, count);
    }

    /// <summary>
    /// The first start over a bucket with history (say, one the Lambda served): a video that already has a job made
    /// after it was written counts as handled, as the hot folder decides on disk; everything else is dispatched.
    /// </summary>
    private async Task<DropPollState> BaselineAsync(CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var job in jobs.ListAsync(cancellationToken))
        {
            if (job.State != JobState.Pending && (!latest.TryGetValue(job.InputKey, out var at) || job.CreatedAt > at))
            {
                latest[job.InputKey] = job.CreatedAt;
            }
        }

        var state = new DropPollState();
        if (latest.Count == 0)
        {
            return state;
        }

        await foreach (var found in store.ListAsync(ObjectKeys.UnprocessedPrefix, cancellationToken))
        {
            if (latest.TryGetValue(found.Key, out var created) && created >= found.LastModified)
            {
                state.Seen[found.Key] = found.ETag ?? "";
            }
        }

        return state;
    }
}
