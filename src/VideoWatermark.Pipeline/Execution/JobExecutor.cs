using System.Globalization;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Storage;
using VideoWatermark.Engine;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// One attempt of one job, the same on Fargate and in the local pool: claim the queued job, fetch the video and the
/// watermark into a private folder, run the engine with a heartbeat, upload and verify the output, upload the ffmpeg
/// log, record the result. The original upload is only ever read.
/// </summary>
public sealed class JobExecutor(
    IObjectStore store,
    JobStore jobs,
    IWatermarkEngine engine,
    ExecutorOptions options,
    IFreeSpaceProbe freeSpace,
    InputLimits limits,
    TimeProvider time,
    ILogger<JobExecutor> logger)
{
    // Final writes must happen even when the run was stopped (SIGTERM gives ECS tasks 30 seconds by default).
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(20);

    /// <param name="taskId">Recorded on the job: an ECS task ARN, or "local".</param>
    /// <param name="stopping">Shutdown of this worker: the job is queued again, not failed.</param>
    public async Task<JobRunResult> RunAsync(string jobId, string? taskId, CancellationToken stopping = default)
    {
        var (job, refusal) = await ClaimAsync(jobId, taskId, stopping);
        if (job is null)
        {
            return refusal!;
        }

        var attempt = job.Attempts;
        logger.LogInformation("Job {JobId}: attempt {Attempt} started for {InputKey}", job.Id, attempt, job.InputKey);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var progress = new LatestProgress();
        var heartbeat = HeartbeatWriter.Start(jobs, job.Id, attempt, progress, options.HeartbeatInterval, time, logger, run);
        WorkFolder? folder = null;
        var stage = "preparing the work folder";
        JobRunOutcome outcome;
        string? reason = null;
        ProducedOutput? output = null;
        try
        {
            Directory.CreateDirectory(options.WorkRoot);
            folder = WorkFolder.Create(options.WorkRoot, job.Id, attempt, job.InputKey, job.Watermark);
            output = await ProduceAsync(job, folder, progress, s => stage = s, run.Token);
            outcome = JobRunOutcome.Succeeded;
        }
        catch (Exception ex) when (run.IsCancellationRequested && ex is not VideoRejectedException)
        {
            // Whatever the stop looked like from inside (a cancelled wait, a killed ffmpeg), the heartbeat knows why.
            (outcome, reason) = heartbeat.StopReason switch
            {
                StopReason.CancelRequested => (JobRunOutcome.Cancelled, "Cancelled on request."),
                StopReason.Superseded => (JobRunOutcome.Skipped, $"Attempt {attempt} no longer owns the job; stopped."),
                _ => (JobRunOutcome.Interrupted, "The worker was stopped before the job finished; it will run again."),
            };
        }
        catch (VideoRejectedException ex)
        {
            (outcome, reason) = (JobRunOutcome.Rejected, OneLine(ex.Message));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {JobId}: attempt {Attempt} failed while {Stage}", job.Id, attempt, stage);
            (outcome, reason) = (JobRunOutcome.Failed, Describe(ex, stage));
        }
        finally
        {
            await heartbeat.DisposeAsync();
        }

        using (folder)
        {
            return outcome == JobRunOutcome.Skipped
                ? new JobRunResult(outcome, job.Id, reason!)
                : await FinishAsync(job, attempt, folder, outcome, reason, output);
        }
    }

    /// <summary>Queued → Running for this attempt; anything else means another worker has it or it is done.</summary>
    private async Task<(Job? Job, JobRunResult? Refusal)> ClaimAsync(string jobId, string? taskId, CancellationToken cancellationToken)
    {
        var claimed = false;
        var now = time.GetUtcNow();
        var job = await jobs.UpdateAsync(jobId, current =>
        {
            claimed = current.State == JobState.Queued && !current.CancelRequested;
            if (current.State == JobState.Queued && current.CancelRequested)
            {
                return current with { State = JobState.Cancelled, FinishedAt = now, Error = "Cancelled before it started." };
            }

            return claimed
                ? current with
                {
                    State = JobState.Running,
                    StartedAt = now,
                    HeartbeatAt = now,
                    FinishedAt = null,
                    Progress = 0,
                    Error = null,
                    TaskId = taskId ?? current.TaskId,
                    OutputSize = null,
                    OutputSha256 = null,
                }
                : current;
        }, cancellationToken);

        return job switch
        {
            null => (null, new JobRunResult(JobRunOutcome.Skipped, jobId, $"There is no job {jobId}.")),
            _ when claimed => (job, null),
            _ => (null, new JobRunResult(JobRunOutcome.Skipped, jobId, $"Job {jobId} is {job.State.ToString().ToLowerInvariant()}, not queued; nothing to do.")),
        };
    }

    private async Task<ProducedOutput> ProduceAsync(Job job, WorkFolder folder, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        stage("checking the job");
        CheckOutputKey(job);
        var problems = job.Watermark.Problems();
        if (problems.Count > 0)
        {
            throw new VideoRejectedException(string.Join(" ", problems));
        }

        stage("checking the input");
        var input = await store.HeadAsync(job.InputKey, cancellationToken)
            ?? throw new VideoRejectedException($"The video '{job.FileName}' is no longer in the bucket ({job.InputKey}).");
        var watermark = await store.HeadAsync(job.Watermark.Image, cancellationToken)
            ?? throw new VideoRejectedException($"The watermark '{job.Watermark.Image}' does not exist; upload it or choose another.");

        // Whoever put the video in the bucket (the portal checks too, but any S3 client can drop one), it is not
        // downloaded when it is over the limit.
        if (limits.SizeProblem(job.FileName, input.Size) is { } tooLarge)
        {
            throw new VideoRejectedException(tooLarge);
        }

        CheckSpace(input.Size, watermark.Size);

        stage("downloading the video");
        await store.DownloadAsync(job.InputKey, folder.Input, cancellationToken);
        stage("downloading the watermark");
        await store.DownloadAsync(job.Watermark.Image, folder.Watermark, cancellationToken);

        stage("watermarking the video");
        var result = await engine.ApplyAsync(new WatermarkRequest(folder.Input, folder.Watermark, folder.Output, job.Watermark, folder.Log, job.FileName, ObjectKeys.FileName(job.Watermark.Image)), progress, cancellationToken);

        stage("hashing the output");
        var size = new FileInfo(folder.Output).Length;
        var sha256 = await Sha256File.ComputeAsync(folder.Output, cancellationToken);

        stage("uploading the output");
        await store.UploadAsync(job.OutputKey, folder.Output, "video/mp4", cancellationToken);

        stage("verifying the upload");
        var uploaded = await store.HeadAsync(job.OutputKey, cancellationToken);
        if (uploaded?.Size != size)
        {
            throw new IOException($"The uploaded output {job.OutputKey} has {uploaded?.Size.ToString(CultureInfo.InvariantCulture) ?? "no"} bytes where {size} were sent.");
        }

        logger.LogInformation("Job {JobId}: {OutputKey} uploaded, {Size} bytes in {Elapsed}", job.Id, job.OutputKey, size, result.Elapsed);
        return new ProducedOutput(size, sha256);
    }

    /// <summary>The one guard that keeps an original from ever being overwritten, whatever the job record says.</summary>
    private static void CheckOutputKey(Job job)
    {
        var key = job.OutputKey;
        if (string.IsNullOrWhiteSpace(key) || key == job.InputKey || key.EndsWith('/')
            || key.StartsWith(ObjectKeys.UnprocessedPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.JobsPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.LogsPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal))
        {
            throw new VideoRejectedException(
                $"Refusing to write the output to '{key}': outputs may not replace the input or go under {ObjectKeys.UnprocessedPrefix}, {ObjectKeys.JobsPrefix}, {ObjectKeys.LogsPrefix} or {ObjectKeys.WatermarksPrefix}.");
        }
    }

    private void CheckSpace(long inputSize, long watermarkSize)
    {
        var expectedOutput = (long)(inputSize * options.ExpectedOutputRatio);
        var needed = inputSize + watermarkSize + expectedOutput + options.ReserveBytes;
        var available = freeSpace.AvailableBytes(options.WorkRoot);
        if (needed > available)
        {
            throw new InsufficientSpaceException(
                $"No space for this video on the worker's disk: it needs about {Megabytes(needed)} (video {Megabytes(inputSize)}, expected output {Megabytes(expectedOutput)}) but only {Megabytes(available)} is free. Give the worker more ephemeral storage or upload a smaller video.");
        }
    }

    private async Task<JobRunResult> FinishAsync(Job job, int attempt, WorkFolder? folder, JobRunOutcome outcome, string? reason, ProducedOutput? output = null)
    {
        using var timeout = new CancellationTokenSource(FinishTimeout);
        var logKey = await UploadLogAsync(job, attempt, folder, timeout.Token);
        var now = time.GetUtcNow();
        var stored = await jobs.UpdateAsync(job.Id, current =>
        {
            if (current.State != JobState.Running || current.Attempts != attempt)
            {
                return current;
            }

            var next = current with { LogKey = logKey ?? current.LogKey, HeartbeatAt = now };
            return outcome switch
            {
                JobRunOutcome.Succeeded => next with
                {
                    State = JobState.Succeeded,
                    Progress = 100,
                    OutputSize = output!.Size,
                    OutputSha256 = output.Sha256,
                    FinishedAt = now,
                    Error = null,
                },
                // Stopped from outside: the attempt is spent, and the job waits for the next worker.
                JobRunOutcome.Interrupted => next with { State = JobState.Queued, Attempts = attempt + 1, TaskId = null, Progress = 0, HeartbeatAt = null, StartedAt = null },
                JobRunOutcome.Cancelled => next with { State = JobState.Cancelled, Error = reason, FinishedAt = now },
                _ => next with { State = JobState.Failed, Error = reason, FinishedAt = now },
            };
        }, timeout.Token);

        var text = outcome == JobRunOutcome.Succeeded ? $"Wrote {job.OutputKey} ({output!.Size} bytes)." : reason!;
        if (stored is null || (stored.Attempts != attempt && outcome != JobRunOutcome.Interrupted))
        {
            return new JobRunResult(JobRunOutcome.Skipped, job.Id, $"Attempt {attempt} no longer owns the job. {text}");
        }

        logger.LogInformation("Job {JobId}: attempt {Attempt} {Outcome}: {Text}", job.Id, attempt, outcome, text);
        return new JobRunResult(outcome, job.Id, text);
    }

    private async Task<string?> UploadLogAsync(Job job, int attempt, WorkFolder? folder, CancellationToken cancellationToken)
    {
        if (folder is null || !File.Exists(folder.Log))
        {
            return null;
        }

        var key = ObjectKeys.LogKey(job.Id, attempt);
        try
        {
            await store.UploadAsync(key, folder.Log, "text/plain; charset=utf-8", cancellationToken);
            return key;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Job {JobId}: could not upload the ffmpeg log", job.Id);
            return null;
        }
    }

    private static string Describe(Exception ex, string stage) => ex switch
    {
        InsufficientSpaceException => OneLine(ex.Message),
        EncodeFailedException => $"ffmpeg failed while {stage}: {OneLine(ex.Message)} See the job's ffmpeg log.",
        ObjectNotFoundException missing => $"'{missing.Key}' disappeared from the bucket while {stage}.",
        _ => $"Failed while {stage}: {OneLine(ex.Message)} Retry the job; if it fails again, check the worker's logs.",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB");

    private sealed record ProducedOutput(long Size, string Sha256);
}
