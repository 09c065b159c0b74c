using Microsoft.Extensions.Logging;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Engine;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>The split-job half of the executor: one segment's run, and the join by the worker that finishes the last one.</summary>
public sealed partial class JobExecutor
{
    /// <summary>
    /// Runs segment <paramref name="index"/> of split job <paramref name="jobId"/>: claims the segment's own record,
    /// encodes its frames with its own heartbeat, uploads the file for the join and records the result. The worker that
    /// finishes the last segment joins them all into the job's output.
    /// </summary>
    public async Task<JobRunResult> RunSegmentAsync(string jobId, int index, string? taskId, CancellationToken stopping = default)
    {
        using var scope = JobLogScope.Begin(logger, jobId);
        var job = await retry.RunAsync("reading the job", c => jobs.GetAsync(jobId, c), stopping);
        if (job is not { IsSplit: true })
        {
            return new JobRunResult(JobRunOutcome.Skipped, jobId, $"Job {jobId} has no segment {index}.");
        }

        var claimed = false;
        var now = time.GetUtcNow();
        var segment = await retry.RunAsync("claiming the segment", c => jobs.UpdateSegmentAsync(jobId, index, current =>
        {
            if (current.State != JobState.Queued)
            {
                return current;
            }

            // A job that ended (cancelled, or failed by another segment) runs none of its segments.
            if (job.State.IsFinal() || job.CancelRequested)
            {
                return current.Cancel($"Stopped: the job is {JobStates.Name(job.State)}.", now);
            }

            claimed = true;
            return current.Start(taskId, now);
        }, c), stopping);
        if (segment is null || !claimed)
        {
            return new JobRunResult(JobRunOutcome.Skipped, jobId, $"Segment {index} is {(segment is null ? "missing" : JobStates.Name(segment.State))}, not queued; nothing to do.");
        }

        var attempt = segment.Attempts;
        logger.LogInformation("Segment {Index} attempt {Attempt} started: frames {First}–{Last}", index, attempt, segment.FirstFrame, segment.FirstFrame + segment.FrameCount - 1);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var progress = new LatestProgress();
        var heartbeat = HeartbeatWriter.StartSegment(jobs, jobId, index, attempt, progress, options.HeartbeatInterval, time, logger, run);
        WorkFolder? folder = null;
        var stage = "preparing the work folder";
        ProducedOutput? output = null;
        var (outcome, reason) = await AttemptAsync(attempt, heartbeat, () => stage, async () =>
        {
            Directory.CreateDirectory(options.WorkRoot);
            folder = WorkFolder.CreateSegment(options.WorkRoot, jobId, index, attempt, job.InputKey, job.Watermark);
            output = await ProduceSegmentAsync(job, segment, folder, progress, s => stage = s, run.Token);
        }, run);

        JobRunResult result;
        using (folder)
        {
            result = outcome == JobRunOutcome.Skipped
                ? new JobRunResult(outcome, jobId, reason!)
                : await FinishSegmentAsync(job, segment, folder, outcome, reason, output);
        }

        return result.Outcome == JobRunOutcome.Succeeded
            ? await JoinIfLastAsync(jobId, taskId, result, stopping)
            : result;
    }

    private async Task<ProducedOutput> ProduceSegmentAsync(Job job, JobSegment segment, WorkFolder folder, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        var template = await PrepareAsync(job, folder, stage, cancellationToken);
        stage("downloading the watermark");
        await DownloadImagesAsync(job, folder, template, cancellationToken);

        stage($"watermarking segment {segment.Index}");
        var cut = new VideoSegment(segment.Index, segment.FirstFrame, segment.FrameCount, segment.StartSeconds, segment.EndSeconds, segment.CutFrom, segment.CutTo, segment.SeekSeconds);
        if (template is null)
        {
            await segmentEngine.EncodeSegmentAsync(new WatermarkRequest(folder.Input, folder.Watermark, folder.Output, job.Watermark, folder.Log, job.FileName, ObjectKeys.FileName(job.Watermark.Image)), cut, progress, cancellationToken);
        }
        else
        {
            var (local, tokens) = LocalTemplate(job, template, folder, job.TokenTime(time.GetUtcNow()));
            await segmentEngine.EncodeTemplateSegmentAsync(new TemplateRequest(folder.Input, folder.Output, local, tokens, folder.Path, folder.Log, job.FileName), cut, progress, cancellationToken);
        }

        stage("hashing the segment");
        var size = new FileInfo(folder.Output).Length;
        var sha256 = await Sha256File.ComputeAsync(folder.Output, cancellationToken);
        stage("checking the segment is still this attempt's");
        var current = await retry.RunAsync("checking the segment", c => jobs.GetSegmentAsync(job.Id, segment.Index, c), cancellationToken);
        if (current is null || !current.IsRunningAttempt(segment.Attempts))
        {
            throw new AttemptSupersededException(segment.Attempts);
        }

        stage("uploading the segment");
        await retry.RunAsync("uploading the segment", c => UploadVerifiedAsync(segment.FileKey, folder.Output, size, sha256, c), cancellationToken);
        return new ProducedOutput(size, sha256);
    }

    private async Task<JobRunResult> FinishSegmentAsync(Job job, JobSegment segment, WorkFolder? folder, JobRunOutcome outcome, string? reason, ProducedOutput? output)
    {
        var attempt = segment.Attempts;
        using var timeout = new CancellationTokenSource(outcome == JobRunOutcome.Interrupted ? InterruptedFinishTimeout : options.FinishWriteTimeout);
        string? logKey = null;
        if (folder is not null && File.Exists(folder.Log))
        {
            try
            {
                var key = ObjectKeys.SegmentLogKey(job.Id, segment.Index, attempt);
                await retry.RunAsync("uploading the ffmpeg log", c => store.UploadAsync(key, folder.Log, "text/plain; charset=utf-8", c), timeout.Token);
                logKey = key;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !timeout.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not upload the segment's ffmpeg log");
            }
        }

        folder?.Dispose();
        var now = time.GetUtcNow();
        var retried = false;
        var stored = await retry.RunUntilCancelledAsync("recording the segment's result", c => jobs.UpdateSegmentAsync(job.Id, segment.Index, current =>
        {
            if (!current.IsRunningAttempt(attempt))
            {
                return current;
            }

            var next = (current with { LogKey = logKey ?? current.LogKey }).Beat(current.Progress, now);
            retried = outcome == JobRunOutcome.Failed && attempt < options.MaxAttempts;
            return outcome switch
            {
                JobRunOutcome.Succeeded => next.Succeed(output!.Size, output.Sha256, now),
                JobRunOutcome.Interrupted => next.Requeue(),
                JobRunOutcome.Cancelled => next.Cancel(reason!, now),
                JobRunOutcome.Rejected => next.Fail(reason!, now, permanent: true),
                // A failure that may pass (a lost process, the store away) costs this segment an attempt, not the job.
                _ when retried => next.Requeue(),
                _ => next.Fail(reason!, now),
            };
        }, c), timeout.Token);

        if (stored is null || (stored.Attempts != attempt && outcome != JobRunOutcome.Interrupted && !retried))
        {
            return new JobRunResult(JobRunOutcome.Skipped, job.Id, $"Segment {segment.Index} attempt {attempt} no longer owns it. {reason}");
        }

        logger.LogInformation("Segment {Index} attempt {Attempt} {Outcome}: {Text}", segment.Index, attempt, outcome, reason ?? $"{output?.Size} bytes");
        if (stored.State == JobState.Failed)
        {
            // For good: the job fails with it; its other segments see that with their next heartbeat and stop.
            await jobs.UpdateAsync(job.Id, current => current.State == JobState.Running
                ? current.Fail(Core.Dispatch.DispatchService.SegmentFailure(stored, reason!), now, stored.PermanentFailure)
                : current, timeout.Token);
        }
        else if (retried)
        {
            await LaunchSegmentsAsync(job.Id, CancellationToken.None);
        }
        else if (outcome == JobRunOutcome.Succeeded)
        {
            // The job's one progress moves on as each segment ends (its running segments' progress is on their records).
            var segments = await jobs.GetSegmentsAsync(job.Id, timeout.Token);
            var weighted = JobSegment.WeightedProgress(segments);
            await jobs.UpdateAsync(job.Id, current => current.AwaitsSegments && !current.CancelRequested && weighted > current.Progress
                ? current.Beat(weighted, now)
                : current, timeout.Token);
        }

        return new JobRunResult(outcome, job.Id, $"Segment {segment.Index}: {reason ?? "done"}");
    }

    /// <summary>
    /// After a segment succeeded: when every segment is done, this worker takes the join (the job's record says so, so
    /// no second worker does) and runs it as the job's current attempt.
    /// </summary>
    private async Task<JobRunResult> JoinIfLastAsync(string jobId, string? taskId, JobRunResult segmentResult, CancellationToken stopping)
    {
        var segments = await retry.RunAsync("reading the segments", c => jobs.GetSegmentsAsync(jobId, c), stopping);
        if (segments.Count == 0 || segments.Any(s => s.State != JobState.Succeeded))
        {
            return segmentResult;
        }

        var claimed = false;
        var job = await retry.RunAsync("taking the join", c => jobs.UpdateAsync(jobId, current =>
        {
            claimed = current.AwaitsSegments && !current.CancelRequested && current.Segments == segments.Count;
            return claimed ? current.Join(taskId, time.GetUtcNow()) : current;
        }, c), stopping);
        if (job is null || !claimed)
        {
            return segmentResult;
        }

        logger.LogInformation("Every segment is done; joining them");
        return await RunClaimedAsync(job, JoinSegmentsAsync, stopping);
    }

    /// <summary>
    /// A run of a job that was split already (its Retry, or a restart): every segment done means the join is what is
    /// left; otherwise the segments that failed or were cancelled run again and those done are kept.
    /// </summary>
    private async Task<ProducedOutput> ResumeSplitAsync(Job job, WorkFolder folder, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        stage("reading the segments");
        var segments = await retry.RunAsync("reading the segments", c => jobs.GetSegmentsAsync(job.Id, c), cancellationToken);
        if (segments.Count != job.Segments)
        {
            throw new InvalidOperationException($"The job has {segments.Count} segment records where it was cut into {job.Segments}.");
        }

        if (segments.All(s => s.State == JobState.Succeeded))
        {
            var now = time.GetUtcNow();
            await retry.RunAsync("taking the join", c => jobs.UpdateAsync(job.Id, current =>
                current.IsRunningAttempt(job.Attempts) && current.AwaitsSegments ? current.Join(current.TaskId, now) : current, c), cancellationToken);
            return await JoinSegmentsAsync(job, folder, progress, stage, cancellationToken);
        }

        stage("running the unfinished segments again");
        foreach (var segment in segments.Where(s => s.State is JobState.Failed or JobState.Cancelled))
        {
            await retry.RunAsync("retrying a segment", c => jobs.UpdateSegmentAsync(job.Id, segment.Index, current =>
                current.Can(JobTransition.Retry) ? current.Retry() : current, c), cancellationToken);
        }

        return ProducedOutput.Split(segments.Count, JobSegment.WeightedProgress(segments));
    }

    /// <summary>
    /// The join: the source (for its audio, copied once) and every segment's file are fetched, joined by stream copy,
    /// held to the source frame by frame, and the one output is delivered as a whole encode's is.
    /// </summary>
    private async Task<ProducedOutput> JoinSegmentsAsync(Job job, WorkFolder folder, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        CheckOutputKey(job);
        progress.Report(99);
        stage("reading the segments");
        var segments = await retry.RunAsync("reading the segments", c => jobs.GetSegmentsAsync(job.Id, c), cancellationToken);
        if (segments.Count != job.Segments || segments.Any(s => s.State != JobState.Succeeded))
        {
            throw new InvalidOperationException("Not every segment is done; there is nothing to join yet.");
        }

        stage("checking the input");
        var input = await retry.RunAsync("checking the input", c => store.HeadAsync(job.InputKey, c), cancellationToken)
            ?? throw new VideoRejectedException($"The video '{job.FileName}' is no longer in the bucket ({job.InputKey}).");
        var segmentBytes = segments.Sum(s => s.OutputSize ?? 0);
        CheckSpace(input.Size + segmentBytes, 0);

        stage("downloading the video");
        await retry.RunAsync("downloading the video", c => store.DownloadAsync(job.InputKey, folder.Input, c), cancellationToken);
        stage("downloading the segments");
        foreach (var segment in segments)
        {
            await retry.RunAsync("downloading a segment", c => store.DownloadAsync(segment.FileKey, folder.SegmentFile(segment.Index), c), cancellationToken);
            if (await Sha256File.ComputeAsync(folder.SegmentFile(segment.Index), cancellationToken) != segment.OutputSha256)
            {
                throw new OutputMismatchException($"Segment {segment.Index}'s file {segment.FileKey} is not the one its worker uploaded.");
            }
        }

        stage("joining the segments");
        var joined = await segmentEngine.JoinAsync(new SegmentJoinRequest(
            folder.Input,
            [.. segments.Select(s => new VideoSegment(s.Index, s.FirstFrame, s.FrameCount, s.StartSeconds, s.EndSeconds, s.CutFrom, s.CutTo, s.SeekSeconds))],
            [.. segments.Select(s => folder.SegmentFile(s.Index))],
            folder.Output,
            folder.Log,
            job.FileName), cancellationToken);

        var output = await DeliverAsync(job, folder.Output, progress, stage, cancellationToken);
        logger.LogInformation("{OutputKey} joined from {Count} segments, uploaded and verified, {Size} bytes, {Frames} frames, joined in {Elapsed}", job.OutputKey, segments.Count, output.Size, joined.Frames, joined.Elapsed);
        return output with { VideoSeconds = joined.Duration };
    }

    /// <summary>Starts a worker for every queued segment of the job that has none, when this process can start workers (else the sweep does).</summary>
    private async Task LaunchSegmentsAsync(string jobId, CancellationToken cancellationToken)
    {
        if (launcher is null)
        {
            return;
        }

        try
        {
            var job = await jobs.GetAsync(jobId, cancellationToken);
            if (job is not { AwaitsSegments: true })
            {
                return;
            }

            foreach (var segment in await jobs.GetSegmentsAsync(jobId, cancellationToken))
            {
                if (segment is { State: JobState.Queued, TaskId: null })
                {
                    var taskId = await launcher.LaunchSegmentAsync(job, segment, cancellationToken);
                    await jobs.UpdateSegmentAsync(jobId, segment.Index, current =>
                        current is { State: JobState.Queued, TaskId: null } && current.Attempts == segment.Attempts ? current.Launch(taskId) : current, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sweep launches what is still queued without a worker.
            logger.LogWarning(ex, "Could not start the segments' workers; the sweep will");
        }
    }

    /// <summary>Writes one record per segment of <paramref name="plan"/>; records a previous run of this job wrote are kept as they are.</summary>
    private async Task RecordSegmentsAsync(Job job, SegmentPlan plan, CancellationToken cancellationToken)
    {
        foreach (var s in plan.Segments)
        {
            var segment = new JobSegment
            {
                JobId = job.Id,
                Index = s.Index,
                Count = plan.Segments.Count,
                FirstFrame = s.FirstFrame,
                FrameCount = s.FrameCount,
                StartSeconds = s.Start,
                EndSeconds = s.End,
                CutFrom = s.CutFrom,
                CutTo = s.CutTo,
                SeekSeconds = s.SeekTo,
            };
            await retry.RunAsync("recording the segments", c => jobs.TryCreateSegmentAsync(segment, c), cancellationToken);
        }
    }

    /// <summary>The segments' files have served once the output is delivered; their records stay for the job's page.</summary>
    private async Task RemoveSegmentFilesAsync(Job job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.FinishWriteTimeout);
            for (var i = 0; i < job.Segments; i++)
            {
                await store.DeleteAsync(ObjectKeys.SegmentFileKey(job.Id, i), timeout.Token);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not remove the segments' files of job {JobId}", job.Id);
        }
    }
}
