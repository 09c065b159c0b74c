using System.Globalization;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// One attempt of one job, the same on Fargate and in the local pool: claim the queued job, fetch the video and the
/// watermark into a private folder, run the engine with a heartbeat, upload and verify the output, upload the ffmpeg
/// log, record the result. The original upload is only ever read.
/// </summary>
public sealed partial class JobExecutor(
    IObjectStore store,
    JobStore jobs,
    IWatermarkEngine engine,
    ITemplateEngine templateEngine,
    ISegmentEngine segmentEngine,
    ExecutorOptions options,
    IFreeSpaceProbe freeSpace,
    InputLimits limits,
    TimeProvider time,
    ILogger<JobExecutor> logger,
    ITaskLauncher? launcher = null,
    IOutputProbe? outputProbe = null,
    IRecipientEngine? recipientEngine = null)
{
    // An interrupted run's final writes must fit in the grace a stop gives (SIGTERM gives ECS tasks 30 seconds by default).
    private static readonly TimeSpan InterruptedFinishTimeout = TimeSpan.FromSeconds(20);

    private readonly StoreRetry retry = new(options, time, logger);

    private readonly TemplateStore templates = new(store);

    /// <param name="taskId">Recorded on the job: an ECS task ARN, or "local".</param>
    /// <param name="stopping">Shutdown of this worker: the job is queued again, not failed.</param>
    public async Task<JobRunResult> RunAsync(string jobId, string? taskId, CancellationToken stopping = default)
    {
        // Every line this run logs, the store retries' and the heartbeat's included, names the job.
        using var scope = JobLogScope.Begin(logger, jobId);
        var (job, refusal) = await ClaimAsync(jobId, taskId, stopping);
        if (job is null)
        {
            return refusal!;
        }

        return await RunClaimedAsync(job, ProduceAsync, stopping);
    }

    /// <summary>
    /// The run of a job this attempt has claimed (its own run, or the join a segment worker took over): heartbeat,
    /// work folder, the outcome recorded; a split job's new segments get their workers afterwards.
    /// </summary>
    private async Task<JobRunResult> RunClaimedAsync(Job job, Func<Job, WorkFolder, LatestProgress, Action<string>, CancellationToken, Task<ProducedOutput>> produce, CancellationToken stopping)
    {
        var attempt = job.Attempts;
        logger.LogInformation("Attempt {Attempt} started for {InputKey}", attempt, job.InputKey);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var progress = new LatestProgress();
        var heartbeat = HeartbeatWriter.Start(jobs, job.Id, attempt, progress, options.HeartbeatInterval, time, logger, run);
        WorkFolder? folder = null;
        var stage = "preparing the work folder";
        ProducedOutput? output = null;
        var (outcome, reason) = await AttemptAsync(attempt, heartbeat, () => stage, async () =>
        {
            Directory.CreateDirectory(options.WorkRoot);
            WorkFolder.DeleteEarlierAttempts(options.WorkRoot, job.Id, attempt);
            folder = WorkFolder.Create(options.WorkRoot, job.Id, attempt, job.InputKey, job.Watermark);
            output = await produce(job, folder, progress, s => stage = s, run.Token);
        }, run);

        if (outcome == JobRunOutcome.Succeeded && output?.SplitInto is not null)
        {
            outcome = JobRunOutcome.Split;
        }

        JobRunResult result;
        using (folder)
        {
            result = outcome == JobRunOutcome.Skipped
                ? new JobRunResult(outcome, job.Id, reason!)
                : await FinishAsync(job, attempt, folder, outcome, reason, progress, output);
        }

        if (result.Outcome == JobRunOutcome.Split)
        {
            await LaunchSegmentsAsync(job.Id, stopping);
        }
        else if (result.Outcome == JobRunOutcome.Succeeded && job.IsSplit)
        {
            await RemoveSegmentFilesAsync(job);
        }

        return result;
    }

    /// <summary>Runs one attempt's work under its heartbeat and says how it ended, in the words the job records.</summary>
    private async Task<(JobRunOutcome Outcome, string? Reason)> AttemptAsync(int attempt, HeartbeatWriter heartbeat, Func<string> stage, Func<Task> work, CancellationTokenSource run)
    {
        try
        {
            await work();
            return (JobRunOutcome.Succeeded, null);
        }
        catch (Exception ex) when (run.IsCancellationRequested && ex is not VideoRejectedException)
        {
            // Whatever the stop looked like from inside (a cancelled wait, a killed ffmpeg), the heartbeat knows why.
            return heartbeat.StopReason switch
            {
                StopReason.CancelRequested => (JobRunOutcome.Cancelled, "Cancelled on request."),
                StopReason.Superseded => (JobRunOutcome.Skipped, $"Attempt {attempt} no longer owns the job; stopped."),
                _ => (JobRunOutcome.Interrupted, "The worker was stopped before the job finished; it will run again."),
            };
        }
        catch (AttemptSupersededException ex)
        {
            return (JobRunOutcome.Skipped, ex.Message);
        }
        catch (Exception ex) when (ex is VideoRejectedException or InvalidInputException)
        {
            // A template's missing token or undrawable text is as final as a broken video: only a new job can help.
            return (JobRunOutcome.Rejected, OneLine(ex.Message));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Attempt {Attempt} failed while {Stage}", attempt, stage());
            return (JobRunOutcome.Failed, Describe(ex, stage()));
        }
        finally
        {
            await heartbeat.DisposeAsync();
        }
    }

    /// <summary>Queued → Running for this attempt; anything else means another worker has it or it is done.</summary>
    private async Task<(Job? Job, JobRunResult? Refusal)> ClaimAsync(string jobId, string? taskId, CancellationToken cancellationToken)
    {
        var claimed = false;
        var now = time.GetUtcNow();
        var job = await retry.RunAsync("claiming the job", c => jobs.UpdateAsync(jobId, current =>
        {
            claimed = current.State == JobState.Queued && !current.CancelRequested;
            if (current.State == JobState.Queued && current.CancelRequested)
            {
                return current.Cancel("Cancelled before it started.", now);
            }

            return claimed ? current.Start(taskId, now) : current;
        }, c), cancellationToken);

        return job switch
        {
            null => (null, new JobRunResult(JobRunOutcome.Skipped, jobId, $"There is no job {jobId}.")),
            _ when claimed => (job, null),
            _ => (null, new JobRunResult(JobRunOutcome.Skipped, jobId, $"Job {jobId} is {JobStates.Name(job.State)}, not queued; nothing to do.")),
        };
    }

    private async Task<ProducedOutput> ProduceAsync(Job job, WorkFolder folder, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        stage("checking the job");
        CheckOutputKey(job);
        if (job.IsSplit)
        {
            return await ResumeSplitAsync(job, folder, progress, stage, cancellationToken);
        }

        var template = await PrepareAsync(job, folder, stage, cancellationToken);
        if (template is not null && await ReadBatchCopyAsync(job, cancellationToken) is { } copy)
        {
            return await ProduceBatchCopyAsync(job, template, copy, folder, progress, stage, cancellationToken);
        }

        return await TrySplitAsync(job, folder, stage, cancellationToken)
            ?? await EncodeWholeAsync(job, template, folder, progress, stage, null, cancellationToken);
    }

    /// <summary>Cuts a long video into segments, each run by its own worker; null when it is not split.</summary>
    private async Task<ProducedOutput?> TrySplitAsync(Job job, WorkFolder folder, Action<string> stage, CancellationToken cancellationToken)
    {
        if (options.SplitAboveSeconds is not { } splitAbove)
        {
            return null;
        }

        stage("cutting the video into segments");
        var plan = await segmentEngine.PlanAsync(folder.Input, job.FileName, splitAbove, options.SegmentSeconds, cancellationToken);
        if (plan is null)
        {
            return null;
        }

        await RecordSegmentsAsync(job, plan, cancellationToken);
        logger.LogInformation("Cut into {Count} segments of about {Seconds} s; each runs on its own worker", plan.Segments.Count, options.SegmentSeconds);
        return ProducedOutput.Split(plan.Segments.Count, 0);
    }

    /// <summary>
    /// The whole video in one encode, then delivered. <paramref name="tokens"/>: a batch copy's token values, fixed as
    /// of its batch; null for the job's own, as of now.
    /// </summary>
    private async Task<ProducedOutput> EncodeWholeAsync(Job job, WatermarkTemplate? template, WorkFolder folder, LatestProgress progress, Action<string> stage, IReadOnlyDictionary<string, string>? tokens, CancellationToken cancellationToken)
    {
        stage("downloading the watermark");
        await DownloadImagesAsync(job, folder, template, cancellationToken);

        stage("watermarking the video");
        progress.Reach(JobPhase.Encoding, time.GetUtcNow());
        WatermarkResult result;
        if (template is null)
        {
            result = await engine.ApplyAsync(new WatermarkRequest(folder.Input, folder.Watermark, folder.Output, job.Watermark, folder.Log, job.FileName, ObjectKeys.FileName(job.Watermark.Image)), progress, cancellationToken);
        }
        else
        {
            var (local, own) = LocalTemplate(job, template, folder, job.TokenTime(time.GetUtcNow()));
            result = await templateEngine.ApplyTemplateAsync(new TemplateRequest(folder.Input, folder.Output, local, tokens ?? own, folder.Path, folder.Log, job.FileName), progress, cancellationToken);
        }

        var output = await DeliverAsync(job, folder.Output, progress, stage, cancellationToken);
        logger.LogInformation("{OutputKey} uploaded and verified, {Size} bytes, SHA-256 {Sha256}, encoded in {Elapsed}", job.OutputKey, output.Size, output.Sha256, result.Elapsed);
        return output with { VideoSeconds = result.VideoDuration?.TotalSeconds };
    }

    /// <summary>
    /// Reads the template (or checks the watermark), checks that the video and the images are there and fit, and
    /// downloads the video. Returns the template, if the job has one.
    /// </summary>
    private async Task<WatermarkTemplate?> PrepareAsync(Job job, WorkFolder folder, Action<string> stage, CancellationToken cancellationToken)
    {
        WatermarkTemplate? template = null;
        if (job.Template is { } chosen)
        {
            stage("reading the template");
            template = await ReadTemplateAsync(chosen, cancellationToken);
        }
        else if (job.Watermark.Problems() is { Count: > 0 } problems)
        {
            throw new VideoRejectedException(string.Join(" ", problems));
        }

        stage("checking the input");
        var input = await retry.RunAsync("checking the input", c => store.HeadAsync(job.InputKey, c), cancellationToken)
            ?? throw new VideoRejectedException($"The video '{job.FileName}' is no longer in the bucket ({job.InputKey}).");

        long imageBytes = 0;
        foreach (var image in Images(job, folder, template))
        {
            var found = await retry.RunAsync("checking the watermark", c => store.HeadAsync(image.Key, c), cancellationToken)
                ?? throw new VideoRejectedException($"The watermark '{image.Name}' does not exist; upload it or choose another.");
            imageBytes += found.Size;
        }

        // Whoever put the video in the bucket (the portal checks too, but any S3 client can drop one), it is not
        // downloaded when it is over the limit.
        if (limits.SizeProblem(job.FileName, input.Size) is { } tooLarge)
        {
            throw new VideoRejectedException(tooLarge);
        }

        CheckSpace(input.Size, imageBytes);

        stage("downloading the video");
        await retry.RunAsync("downloading the video", c => store.DownloadAsync(job.InputKey, folder.Input, c), cancellationToken);
        return template;
    }

    /// <summary>The images to fetch, each with the local file it goes to: the one watermark, or every image layer.</summary>
    private static List<(string Key, string Name, string Path)> Images(Job job, WorkFolder folder, WatermarkTemplate? template) =>
        template is null
            ? [(Key: job.Watermark.Image, Name: ObjectKeys.FileName(job.Watermark.Image), Path: folder.Watermark)]
            : template.Layers.Select((layer, i) => (Layer: layer, Index: i)).Where(l => l.Layer.Type == LayerType.Image)
                .Select(l => (Key: LibraryKey(l.Layer.Image!), Name: l.Layer.Image!, Path: folder.LayerImage(l.Index, l.Layer.Image!))).ToList();

    private async Task DownloadImagesAsync(Job job, WorkFolder folder, WatermarkTemplate? template, CancellationToken cancellationToken)
    {
        foreach (var image in Images(job, folder, template))
        {
            await retry.RunAsync("downloading the watermark", c => store.DownloadAsync(image.Key, image.Path, c), cancellationToken);
        }
    }

    /// <summary>Image layers point at their downloaded copies; user names never reach the engine's file paths.</summary>
    private static (WatermarkTemplate Template, IReadOnlyDictionary<string, string> Tokens) LocalTemplate(Job job, WatermarkTemplate template, WorkFolder folder, DateTimeOffset now)
    {
        var local = template with
        {
            Layers = template.Layers.Select((layer, i) => layer.Type == LayerType.Image ? layer with { Image = System.IO.Path.GetFileName(folder.LayerImage(i, layer.Image!)) } : layer).ToList(),
        };
        return (local, TokenValues.For(now, job.FileName, job.Id, job.Template!.Variables));
    }

    /// <summary>
    /// Reads what the file is, hashes it, makes sure this attempt still owns the job, and uploads it verified to the
    /// job's output.
    /// </summary>
    private async Task<ProducedOutput> DeliverAsync(Job job, string file, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        stage("reading what the output is");
        var facts = await ProbeOutputAsync(file, cancellationToken);
        progress.Reach(JobPhase.Uploading, time.GetUtcNow());
        stage("hashing the output");
        var size = new FileInfo(file).Length;
        var sha256 = await Sha256File.ComputeAsync(file, cancellationToken);

        // A worker that froze past its lease (its heartbeat could not tell it) finds out here, before it replaces
        // or deletes the output a newer attempt may already have delivered under the same key.
        stage("checking the job is still this attempt's");
        await ThrowIfSupersededAsync(job, cancellationToken);

        stage("uploading the output");
        try
        {
            await retry.RunAsync("uploading the output", c => UploadVerifiedAsync(job.OutputKey, file, size, sha256, c), cancellationToken);
        }
        catch
        {
            // Whatever reached the store was not verified; a half-known output must not pass for the job's result.
            // Only the attempt that owns the job may remove it: the key is shared with every other attempt.
            if (await StillOwnsAsync(job))
            {
                await TryDeleteOutputAsync(job);
            }

            throw;
        }

        return new ProducedOutput(size, sha256) { Facts = facts };
    }

    /// <summary>The output's facts are for the job page: a file ffprobe cannot read fails nothing (the upload's check decides).</summary>
    private async Task<OutputFacts?> ProbeOutputAsync(string file, CancellationToken cancellationToken)
    {
        try
        {
            return outputProbe is null ? null : await outputProbe.ProbeOutputAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read what the output is; the job page will not show its codecs");
            return null;
        }
    }

    /// <summary>The version the job was created with; gone (deleted since) is final, as a deleted watermark is.</summary>
    private async Task<WatermarkTemplate> ReadTemplateAsync(JobTemplate chosen, CancellationToken cancellationToken)
    {
        var stored = await retry.RunAsync("reading the template", c => templates.GetAsync(chosen.Name, chosen.Version, c), cancellationToken)
            ?? throw new VideoRejectedException($"The template '{chosen.Name}' version {chosen.Version} no longer exists; create the job again with a template that does.");
        return stored.Template;
    }

    /// <summary>An image layer names a library image (<c>logo.png</c>), or its key (<c>watermarks/logo.png</c>).</summary>
    private static string LibraryKey(string image) =>
        image.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal) ? image : ObjectKeys.WatermarkKey(image);

    /// <summary>
    /// Uploads the output, then reads it back: the job only succeeds when the stored object has the size and the
    /// SHA-256 of the file made here. S3 look-alikes ignore S3 checksums, so the store's own word is not taken.
    /// </summary>
    private async Task UploadVerifiedAsync(string key, string path, long size, string sha256, CancellationToken cancellationToken)
    {
        await store.UploadAsync(key, path, "video/mp4", cancellationToken);
        var stored = await store.HeadAsync(key, cancellationToken);
        if (stored?.Size != size)
        {
            throw new OutputMismatchException($"The uploaded output {key} has {stored?.Size.ToString(CultureInfo.InvariantCulture) ?? "no"} bytes where {size} were sent.");
        }

        string stored256;
        try
        {
            await using var readBack = await store.OpenReadAsync(key, cancellationToken);
            stored256 = await Sha256File.ComputeAsync(readBack, cancellationToken);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ObjectNotFoundException))
        {
            // The S3 SDK checks the ETag's MD5 as it reads and throws on a mismatch; a torn read is as bad. Either way
            // the stored copy is not known to be good, so it is sent again.
            throw new OutputMismatchException($"The uploaded output {key} could not be read back intact: {OneLine(ex.Message)}");
        }

        if (stored256 != sha256)
        {
            throw new OutputMismatchException($"The uploaded output {key} reads back with SHA-256 {stored256[..16]}… where {sha256[..16]}… was sent.");
        }
    }

    private async Task ThrowIfSupersededAsync(Job job, CancellationToken cancellationToken)
    {
        var current = await retry.RunAsync("checking the job", c => jobs.GetAsync(job.Id, c), cancellationToken);
        if (current is not { State: JobState.Running } || current.Attempts != job.Attempts)
        {
            throw new AttemptSupersededException(job.Attempts);
        }
    }

    private async Task<bool> StillOwnsAsync(Job job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await jobs.GetAsync(job.Id, timeout.Token) is { State: JobState.Running } current && current.Attempts == job.Attempts;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Job {JobId}: could not tell whether attempt {Attempt} still owns it; its output is left alone", job.Id, job.Attempts);
            return false;
        }
    }

    private async Task TryDeleteOutputAsync(Job job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await store.DeleteAsync(job.OutputKey, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not remove the unverified output {OutputKey}", job.OutputKey);
        }
    }

    /// <summary>The one guard that keeps an original from ever being overwritten, whatever the job record says.</summary>
    private static void CheckOutputKey(Job job)
    {
        var key = job.OutputKey;
        if (string.IsNullOrWhiteSpace(key) || key == job.InputKey || key.EndsWith('/')
            || key.StartsWith(ObjectKeys.UnprocessedPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.JobsPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.LogsPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.WatermarksPrefix, StringComparison.Ordinal)
            || key.StartsWith(ObjectKeys.TemplatesPrefix, StringComparison.Ordinal))
        {
            throw new VideoRejectedException(
                $"Refusing to write the output to '{key}': outputs may not replace the input or go under {ObjectKeys.UnprocessedPrefix}, {ObjectKeys.JobsPrefix}, {ObjectKeys.LogsPrefix}, {ObjectKeys.WatermarksPrefix} or {ObjectKeys.TemplatesPrefix}.");
        }
    }

    private void CheckSpace(long inputSize, long imageBytes)
    {
        var expectedOutput = (long)(inputSize * options.ExpectedOutputRatio);
        var needed = inputSize + imageBytes + expectedOutput + options.ReserveBytes;
        var available = freeSpace.AvailableBytes(options.WorkRoot);
        if (needed > available)
        {
            throw new InsufficientSpaceException(
                $"No space for this video on the worker's disk: it needs about {Megabytes(needed)} (video {Megabytes(inputSize)}, expected output {Megabytes(expectedOutput)}) but only {Megabytes(available)} is free. Give the worker more ephemeral storage or upload a smaller video.");
        }
    }

    private async Task<JobRunResult> FinishAsync(Job job, int attempt, WorkFolder? folder, JobRunOutcome outcome, string? reason, LatestProgress progress, ProducedOutput? output = null)
    {
        using var timeout = new CancellationTokenSource(outcome == JobRunOutcome.Interrupted ? InterruptedFinishTimeout : options.FinishWriteTimeout);
        var logKey = await UploadLogAsync(job, attempt, folder, timeout.Token);

        // The run's files go before its result is recorded: whoever sees the job finished also sees its disk space back.
        folder?.Dispose();
        var now = time.GetUtcNow();
        var stored = await retry.RunUntilCancelledAsync("recording the result", c => jobs.UpdateAsync(job.Id, current =>
        {
            if (!current.IsRunningAttempt(attempt))
            {
                return current;
            }

            // The phases reached since the last heartbeat ride on the result's write.
            var next = progress.RecordPhases((current with { LogKey = logKey ?? current.LogKey }).Beat(current.Progress, now));
            return outcome switch
            {
                JobRunOutcome.Succeeded => next.Succeed(output!.Size, output.Sha256, now, output.VideoSeconds, output.Facts, output.EncodedOnce),
                JobRunOutcome.Split => next.Split(output!.SplitInto!.Value, output.Progress, now),
                // Stopped from outside: the attempt is spent, and the job waits for the next worker.
                JobRunOutcome.Interrupted => next.Requeue(),
                JobRunOutcome.Cancelled => next.Cancel(reason!, now),
                JobRunOutcome.Rejected => next.Fail(reason!, now, permanent: true),
                _ => next.Fail(reason!, now),
            };
        }, c), timeout.Token);

        var text = outcome switch
        {
            JobRunOutcome.Succeeded => $"Wrote {job.OutputKey} ({output!.Size} bytes).",
            JobRunOutcome.Split => $"Cut into {output!.SplitInto} segments; their workers carry on.",
            _ => reason!,
        };
        if (stored is null || (stored.Attempts != attempt && outcome != JobRunOutcome.Interrupted))
        {
            return new JobRunResult(JobRunOutcome.Skipped, job.Id, $"Attempt {attempt} no longer owns the job. {text}");
        }

        logger.LogInformation("Attempt {Attempt} {Outcome}: {Text}", attempt, outcome, text);
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
            await retry.RunAsync("uploading the ffmpeg log", c => store.UploadAsync(key, folder.Log, "text/plain; charset=utf-8", c), cancellationToken);
            return key;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not upload the ffmpeg log");
            return null;
        }
    }

    private static string Describe(Exception ex, string stage) => ex switch
    {
        InsufficientSpaceException => OneLine(ex.Message),
        // The system's own message names a temporary file of the worker's; the person reading this needs the cause.
        _ when NoSpace.Explains(ex) => $"No space left on the worker's disk while {stage}. Give the worker more disk (VideoWatermark:Pipeline:WorkDir) or upload a smaller video.",
        StoreUnavailableException => $"{OneLine(ex.Message)} Retry the job once the store is back.",
        EncodeFailedException => $"ffmpeg failed while {stage}: {OneLine(ex.Message)} See the job's ffmpeg log.",
        ObjectNotFoundException missing => $"'{missing.Key}' disappeared from the bucket while {stage}.",
        _ => $"Failed while {stage}: {OneLine(ex.Message)} Retry the job; if it fails again, check the worker's logs.",
    };

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB");

    /// <param name="SplitInto">Set when the run cut the video into this many segments instead of encoding it.</param>
    private sealed record ProducedOutput(long Size, string Sha256, int? SplitInto = null, double Progress = 0)
    {
        /// <summary>Seconds of video the output holds, when the engine said: the job record keeps it for the throughput figures.</summary>
        public double? VideoSeconds { get; init; }

        /// <summary>What the output is, when it could be probed.</summary>
        public OutputFacts? Facts { get; init; }

        /// <summary>A batch copy joined from the batch's shared pieces and its own personal ones.</summary>
        public bool EncodedOnce { get; init; }

        public static ProducedOutput Split(int segments, double progress) => new(0, "", segments, progress);
    }
}
