using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Dispatch;

/// <summary>
/// Turns "an object landed" into a job and a started worker. The Lambda runs it on AWS; the local pipeline runs the
/// same code on one machine. Safe under at-least-once delivery: the same object version never starts two workers.
/// </summary>
public sealed partial class DispatchService(
    JobStore jobs,
    IObjectStore store,
    ITaskLauncher launcher,
    DispatchOptions options,
    TimeProvider time,
    ILogger<DispatchService> logger)
{
    public async Task<DispatchResult> HandleAsync(ObjectCreated created, CancellationToken cancellationToken = default)
    {
        if (!ObjectKeys.IsTrigger(created.Key))
        {
            return new DispatchResult(DispatchOutcome.Ignored, null, $"'{created.Key}' is not a video under {ObjectKeys.UnprocessedPrefix}.");
        }

        var uploadId = ObjectKeys.UploadIdFromKey(created.Key);
        if (uploadId is not null && await jobs.GetAsync(uploadId, cancellationToken) is { } announced)
        {
            return await QueueAnnouncedAsync(announced, created, cancellationToken);
        }

        if (uploadId is not null && await new BatchStore(store, time).GetAsync(uploadId, cancellationToken) is { } batch)
        {
            return await QueueBatchAsync(batch, created, cancellationToken);
        }

        if (uploadId is not null && await jobs.IsDeletedAsync(uploadId, cancellationToken))
        {
            return Deleted(uploadId);
        }

        return await QueueDropInAsync(created, cancellationToken);
    }

    /// <summary>A video the portal announced has landed: its job carries the user's watermark choice.</summary>
    private async Task<DispatchResult> QueueAnnouncedAsync(Job announced, ObjectCreated created, CancellationToken cancellationToken)
    {
        if (announced.InputKey != created.Key)
        {
            return new DispatchResult(DispatchOutcome.Ignored, announced.Id, $"'{created.Key}' is not the upload job {announced.Id} expects.");
        }

        // A batch written before its upload went under the batch's own id waits at its first job's key.
        if (announced.BatchId is not null)
        {
            return await new BatchStore(store, time).GetAsync(announced.BatchId, cancellationToken) is { } batch
                ? await QueueBatchAsync(batch, created, cancellationToken)
                : new DispatchResult(DispatchOutcome.Ignored, announced.Id, $"Job {announced.Id} names batch {announced.BatchId}, which does not exist.");
        }

        return await ClaimAsync(announced.Id, created, cancellationToken) is { } queued
            ? await LaunchAsync(queued, cancellationToken)
            : new DispatchResult(DispatchOutcome.Duplicate, announced.Id, $"Job {announced.Id} is already {JobStates.Name(announced.State)}.");
    }

    /// <summary>
    /// The job <paramref name="jobId"/> queued for <paramref name="created"/> by this delivery, or queued by an earlier
    /// one for the same object version and never launched (a delivery that claimed it and died before its launch is
    /// finished by the redelivery); null when another delivery has it (or it is gone).
    /// </summary>
    private async Task<Job?> ClaimAsync(string jobId, ObjectCreated created, CancellationToken cancellationToken)
    {
        var claimed = false;
        var job = await jobs.UpdateAsync(jobId, current =>
        {
            claimed = current.State == JobState.Pending && current.InputKey == created.Key;
            return claimed ? current.Land(created.Size, created.Version) : current;
        }, cancellationToken);

        if (claimed || job is null)
        {
            return job;
        }

        if (job is { State: JobState.Queued, TaskId: null } && job.SourceVersion == created.Version)
        {
            logger.LogInformation("Job {JobId} was queued but never launched; launching it now", job.Id);
            return job;
        }

        return null;
    }

    /// <summary>A video dropped into the bucket by any S3 client: a job with the default watermark, as in the original.</summary>
    private async Task<DispatchResult> QueueDropInAsync(ObjectCreated created, CancellationToken cancellationToken)
    {
        var id = JobIds.ForObject(created.Bucket, created.Key, created.WriteId);
        if (await jobs.IsDeletedAsync(id, cancellationToken))
        {
            return Deleted(id);
        }

        var outputKey = ObjectKeys.OutputKey(created.Key, options.OutputPrefix);

        // A second upload of the same name is a new job; it must not silently replace the first one's output,
        // whether that output exists already or is still being made.
        if (await store.HeadAsync(outputKey, cancellationToken) is not null
            || !await jobs.TryClaimOutputAsync(outputKey, id, cancellationToken))
        {
            outputKey = ObjectKeys.OutputKey(created.Key, options.OutputPrefix, id[..8]);
        }

        var template = await DropTemplateAsync(created.Key, cancellationToken);
        var job = Job.Queue(id, created.Key, outputKey, new WatermarkSpec { Image = options.DefaultWatermarkKey }, created.Size, created.WriteId, "drop")
            with
        { CreatedAt = time.GetUtcNow(), Template = template };

        if (!await jobs.TryCreateAsync(job, cancellationToken))
        {
            var existing = await jobs.GetAsync(id, cancellationToken);

            // A launch that died between creating the job and starting the task is finished here; the launcher's
            // idempotency token keeps a task that did start from starting twice.
            if (existing is { State: JobState.Queued, TaskId: null })
            {
                logger.LogInformation("Job {JobId} was created but never launched; launching it now", id);
                return await LaunchAsync(existing, cancellationToken);
            }

            return new DispatchResult(DispatchOutcome.Duplicate, id, $"Job {id} exists for this version of '{created.Key}'.");
        }

        if (template is null)
        {
            logger.LogInformation("Created job {JobId} for {Key} with the default watermark", id, created.Key);
        }
        else
        {
            logger.LogInformation("Created job {JobId} for {Key} with template {Template} version {Version}", id, created.Key, template.Name, template.Version);
        }

        return await LaunchAsync(job, cancellationToken);
    }

    /// <summary>
    /// A drop's template: the first folder below <see cref="ObjectKeys.UnprocessedPrefix"/> when a template has that
    /// name (its latest version now), else none and the default watermark, as before templates.
    /// </summary>
    private async Task<JobTemplate?> DropTemplateAsync(string key, CancellationToken cancellationToken)
    {
        var relative = key[ObjectKeys.UnprocessedPrefix.Length..];
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || WatermarkTemplate.NameProblem(relative[..slash]) is not null)
        {
            return null;
        }

        var stored = await new TemplateStore(store).GetAsync(relative[..slash], cancellationToken: cancellationToken);
        return stored is null ? null : new JobTemplate(stored.Name, stored.Version);
    }

    private static DispatchResult Deleted(string id) =>
        new(DispatchOutcome.Ignored, id, $"Job {id} was deleted; its video stays in the bucket but is not processed again.");

    /// <summary>Runs a failed or cancelled job again (the portal's Retry).</summary>
    public async Task<DispatchResult> RetryAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var retried = false;
        var job = await jobs.UpdateAsync(jobId, job =>
        {
            retried = job.Can(JobTransition.Retry);
            return retried ? job.Retry() : job;
        }, cancellationToken);

        if (job is null)
        {
            return new DispatchResult(DispatchOutcome.Ignored, jobId, $"No job {jobId}.");
        }

        return retried
            ? await LaunchAsync(job, cancellationToken)
            : new DispatchResult(DispatchOutcome.Ignored, jobId, $"Job {jobId} is {JobStates.Name(job.State)}; only failed or cancelled jobs can be retried.");
    }

    /// <summary>
    /// A new job for the video of finished job <paramref name="source"/> with another watermark or template (the
    /// portal's "Run again"): created queued with its own output key (reserved as a drop-in's is), then launched
    /// as any queued job is.
    /// </summary>
    /// <param name="id">The new job's id (<see cref="JobIds.New"/>), which its template's tokens were checked with.</param>
    public async Task<Job> RunAgainAsync(Job source, string id, WatermarkSpec watermark, JobTemplate? template, string owner, CancellationToken cancellationToken = default)
    {
        var outputKey = ObjectKeys.OutputKey(source.InputKey, options.OutputPrefix, id[..8]);
        if (!await jobs.TryClaimOutputAsync(outputKey, id, cancellationToken))
        {
            throw new InvalidOperationException($"The output {outputKey} is taken by another job.");
        }

        var job = source.RunAgain(id, outputKey, watermark, template, owner, time.GetUtcNow());
        if (!await jobs.TryCreateAsync(job, cancellationToken))
        {
            throw new InvalidOperationException($"Job id {id} collided with an existing job.");
        }

        logger.LogInformation("Created job {JobId} from the video of job {SourceId}", id, source.Id);
        await LaunchAsync(job, cancellationToken);
        return job;
    }

    /// <summary>
    /// Finds jobs whose worker is gone (running with a stale heartbeat, or queued and never started) and runs them
    /// again, up to <see cref="DispatchOptions.MaxAttempts"/>; past that they fail with the reason.
    /// </summary>
    public async Task<IReadOnlyList<DispatchResult>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var results = new List<DispatchResult>();
        var capacityShort = false;
        var catchUpSince = jobs.EndsCatchUpSince(now);
        var ends = new List<Job>();
        await foreach (var job in jobs.ListAsync(cancellationToken))
        {
            if (catchUpSince is { } since && (job.State.IsFinal() ? job.FinishedAt >= since : job.BatchId is not null))
            {
                ends.Add(job);
            }

            if (job.AwaitsSegments)
            {
                results.AddRange(await SuperviseSegmentsAsync(job, now, workersGone: false, cancellationToken));
                continue;
            }

            if (IsUnlaunched(job, now))
            {
                // After one postponement the rest would be refused too; they wait for the next sweep instead of
                // spending this invocation's time on retries.
                if (!capacityShort)
                {
                    var relaunched = await RelaunchAsync(job, cancellationToken);
                    capacityShort = relaunched.Outcome == DispatchOutcome.Postponed;
                    results.Add(relaunched);
                }

                continue;
            }

            var lost = LostReason(job, now);
            if (lost is null)
            {
                continue;
            }

            var requeued = false;
            var updated = await jobs.UpdateAsync(job.Id, current =>
            {
                if (LostReason(current, now) is null)
                {
                    return current;
                }

                if (current.Attempts >= options.MaxAttempts)
                {
                    return current.Fail($"{lost} Gave up after {current.Attempts} attempts.", now);
                }

                requeued = true;
                return current.Requeue();
            }, cancellationToken);

            if (updated is null)
            {
                continue;
            }

            logger.LogWarning("Job {JobId}: {Reason} {Action}", job.Id, lost, requeued ? "Retrying." : "Failing it.");
            results.Add(requeued
                ? await LaunchAsync(updated, cancellationToken)
                : new DispatchResult(DispatchOutcome.Failed, job.Id, updated.Error ?? lost));
        }

        await CatchUpEndsAsync(ends, cancellationToken);
        return results;
    }

    /// <summary>
    /// Ends whose events a dying process never recorded are recorded here, from the listing the sweep made anyway; a
    /// failure is only logged, the next sweep tries again.
    /// </summary>
    private async Task CatchUpEndsAsync(IReadOnlyList<Job> ends, CancellationToken cancellationToken)
    {
        if (ends.Count == 0)
        {
            return;
        }

        try
        {
            await jobs.CatchUpEndsAsync(ends, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Catching up on the events of {Count} ended jobs failed; the next sweep tries again", ends.Count);
        }
    }

    /// <summary>
    /// Looks after a split job whose segments are encoding, as the sweep does for a job: a segment whose worker went
    /// silent (or, with <paramref name="workersGone"/>, every running one: the process that ran them is gone) runs again
    /// alone as its next attempt, or fails the job past the attempt limit; a queued segment with no worker gets one;
    /// and when every segment is done but nobody took the join within the lease (the last worker died first), the job
    /// itself runs again, as a run that only joins. The other segments' work is kept.
    /// </summary>
    public async Task<IReadOnlyList<DispatchResult>> SuperviseSegmentsAsync(Job job, DateTimeOffset now, bool workersGone, CancellationToken cancellationToken = default)
    {
        var results = new List<DispatchResult>();
        var segments = await jobs.GetSegmentsAsync(job.Id, cancellationToken);
        if (segments.Count < job.Segments)
        {
            return results;
        }

        foreach (var segment in segments)
        {
            if (segment.State == JobState.Failed)
            {
                // Its worker failed it and died before failing the job.
                await FailSplitJobAsync(job.Id, segment, segment.Error ?? "it failed", segment.PermanentFailure, cancellationToken);
                results.Add(new DispatchResult(DispatchOutcome.Failed, job.Id, $"Segment {segment.Index} failed: {segment.Error}"));
                return results;
            }

            if (segment.State == JobState.Cancelled)
            {
                // Stopped by a cancel the job has since been retried past: it runs again.
                var retried = await jobs.UpdateSegmentAsync(job.Id, segment.Index, current => current.Can(JobTransition.Retry) ? current.Retry() : current, cancellationToken);
                if (retried is { State: JobState.Queued })
                {
                    results.Add(await LaunchSegmentAsync(job, retried, cancellationToken));
                }

                continue;
            }

            var lost = SegmentLostReason(segment, now, workersGone);
            if (lost is null)
            {
                if (segment.State == JobState.Queued && (segment.TaskId is null || workersGone))
                {
                    results.Add(await LaunchSegmentAsync(job, segment, cancellationToken));
                }

                continue;
            }

            var requeued = false;
            var updated = await jobs.UpdateSegmentAsync(job.Id, segment.Index, current =>
            {
                if (SegmentLostReason(current, now, workersGone) is null)
                {
                    return current;
                }

                if (current.Attempts >= options.MaxAttempts)
                {
                    return current.Fail($"{lost} Gave up after {current.Attempts} attempts.", now);
                }

                requeued = true;
                return current.Requeue();
            }, cancellationToken);

            if (updated is null)
            {
                continue;
            }

            logger.LogWarning("Job {JobId} segment {Index}: {Reason} {Action}", job.Id, segment.Index, lost, requeued ? "Running it again." : "Failing the job.");
            if (requeued)
            {
                results.Add(await LaunchSegmentAsync(job, updated, cancellationToken));
            }
            else if (updated.State == JobState.Failed)
            {
                await FailSplitJobAsync(job.Id, updated, updated.Error!, false, cancellationToken);
                results.Add(new DispatchResult(DispatchOutcome.Failed, job.Id, $"Segment {segment.Index}: {updated.Error}"));
                return results;
            }
        }

        var lastDone = segments.Max(s => s.FinishedAt ?? DateTimeOffset.MinValue);
        if (segments.All(s => s.State == JobState.Succeeded) && (workersGone || now - lastDone > options.Lease))
        {
            // The worker that finished the last segment should have joined them and did not (it died, or its claim
            // was lost): the job runs again as a run that finds every segment done and only joins.
            var requeued = false;
            var updated = await jobs.UpdateAsync(job.Id, current =>
            {
                if (!current.AwaitsSegments)
                {
                    return current;
                }

                if (current.Attempts >= options.MaxAttempts)
                {
                    return current.Fail($"Every segment is done but no worker joined them. Gave up after {current.Attempts} attempts.", now);
                }

                requeued = true;
                return current.Requeue();
            }, cancellationToken);
            if (updated is not null && requeued)
            {
                logger.LogWarning("Job {JobId}: every segment is done but nobody joined them; running the join", job.Id);
                results.Add(await LaunchAsync(updated, cancellationToken));
            }
        }

        return results;
    }

    /// <summary>Starts a worker for a queued segment and records its task; a refusal for good fails the job.</summary>
    public async Task<DispatchResult> LaunchSegmentAsync(Job job, JobSegment segment, CancellationToken cancellationToken = default)
    {
        try
        {
            var taskId = await launcher.LaunchSegmentAsync(job, segment, cancellationToken);
            await jobs.UpdateSegmentAsync(job.Id, segment.Index, current =>
                current.State == JobState.Queued && current.TaskId is null && current.Attempts == segment.Attempts ? current.Launch(taskId) : current, cancellationToken);
            return new DispatchResult(DispatchOutcome.Launched, job.Id, $"segment {segment.Index}: {taskId}");
        }
        catch (LaunchPostponedException ex)
        {
            logger.LogWarning("No worker could be started for job {JobId} segment {Index} yet; it stays queued: {Reason}", job.Id, segment.Index, ex.Message);
            return new DispatchResult(DispatchOutcome.Postponed, job.Id, ex.Message);
        }
        catch (LaunchFailedException ex)
        {
            logger.LogError(ex, "Could not start a worker for job {JobId} segment {Index}", job.Id, segment.Index);
            var now = time.GetUtcNow();
            var failed = await jobs.UpdateSegmentAsync(job.Id, segment.Index, current => current.Can(JobTransition.Fail)
                ? current.Fail($"Could not start a worker: {ex.Message}", now)
                : current, cancellationToken);
            await FailSplitJobAsync(job.Id, failed ?? segment, $"Could not start a worker: {ex.Message}", false, cancellationToken);
            return new DispatchResult(DispatchOutcome.Failed, job.Id, ex.Message);
        }
    }

    /// <summary>A segment failed for good: so does its job, saying which; its other segments stop with their next heartbeat.</summary>
    private async Task FailSplitJobAsync(string jobId, JobSegment segment, string reason, bool permanent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await jobs.UpdateAsync(jobId, current => current.State == JobState.Running
            ? current.Fail(SegmentFailure(segment, reason), now, permanent)
            : current, cancellationToken);
    }

    /// <summary>How a job says that one of its segments failed.</summary>
    public static string SegmentFailure(JobSegment segment, string reason) =>
        $"Segment {segment.Index + 1} of {segment.Count} failed: {reason}";

    private string? SegmentLostReason(JobSegment segment, DateTimeOffset now, bool workersGone) => segment.State switch
    {
        JobState.Running when workersGone => "Its worker stopped when the application did.",
        JobState.Running when now - (segment.HeartbeatAt ?? segment.StartedAt ?? segment.UpdatedAt) > options.Lease =>
            $"The worker stopped responding (no heartbeat for {options.Lease.TotalMinutes:0.#} minutes).",
        JobState.Queued when segment.TaskId is not null && now - segment.UpdatedAt > options.StartTimeout =>
            $"The worker did not start within {options.StartTimeout.TotalMinutes:0.#} minutes.",
        _ => null,
    };

    /// <summary>
    /// Queued with no task: its launch was postponed for capacity, or the dispatch died before it. It is launched again
    /// as the same attempt, so the launcher's idempotency token cannot start a second task if the first call did
    /// start one, and waiting for capacity never uses up the job's attempts.
    /// </summary>
    private bool IsUnlaunched(Job job, DateTimeOffset now) =>
        job is { State: JobState.Queued, TaskId: null } && now - job.UpdatedAt > options.RelaunchAfter;

    private async Task<DispatchResult> RelaunchAsync(Job job, CancellationToken cancellationToken)
    {
        logger.LogInformation("Job {JobId} is queued but was never launched; launching it now", job.Id);
        return await LaunchAsync(job, cancellationToken);
    }

    private string? LostReason(Job job, DateTimeOffset now) => job.State switch
    {
        JobState.Running when now - (job.HeartbeatAt ?? job.StartedAt ?? job.UpdatedAt) > options.Lease =>
            $"The worker stopped responding (no heartbeat for {options.Lease.TotalMinutes:0.#} minutes).",
        JobState.Queued when now - job.UpdatedAt > options.StartTimeout =>
            $"The worker did not start within {options.StartTimeout.TotalMinutes:0.#} minutes.",
        _ => null,
    };

    private async Task<DispatchResult> LaunchAsync(Job job, CancellationToken cancellationToken)
    {
        try
        {
            var taskId = await launcher.LaunchAsync(job, cancellationToken);
            await jobs.UpdateAsync(job.Id, current => current.State == JobState.Queued && current.TaskId is null ? current.Launch(taskId) : current, cancellationToken);
            return new DispatchResult(DispatchOutcome.Launched, job.Id, taskId);
        }
        catch (LaunchPostponedException ex)
        {
            logger.LogWarning("No worker could be started for job {JobId} yet; it stays queued for the next sweep: {Reason}", job.Id, ex.Message);
            return new DispatchResult(DispatchOutcome.Postponed, job.Id, ex.Message);
        }
        catch (LaunchFailedException ex)
        {
            logger.LogError(ex, "Could not start a worker for job {JobId}", job.Id);
            await jobs.UpdateAsync(job.Id, current => current.Can(JobTransition.Fail)
                ? current.Fail($"Could not start a worker: {ex.Message}", time.GetUtcNow())
                : current, cancellationToken);
            return new DispatchResult(DispatchOutcome.Failed, job.Id, ex.Message);
        }
    }
}
