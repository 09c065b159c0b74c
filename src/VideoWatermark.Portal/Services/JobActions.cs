using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Auth;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// What a user can do with a job: retry, cancel, delete (their own, or anyone's for an admin), play, download, read the
/// ffmpeg log. Refusals name the file, which is what the user knows the job by.
/// </summary>
public sealed class JobActions(JobStore jobs, IObjectStore store, DispatchService dispatch, UploadService uploads, IOptions<PortalOptions> options, TimeProvider time)
{
    /// <summary>The tail of a log is what explains a failure; a huge log is cut to this.</summary>
    public const int MaxLogChars = 64 * 1024;

    private IObjectStore Store => store;

    public Task<Job?> GetAsync(string id, CancellationToken cancellationToken = default) => jobs.GetAsync(id, cancellationToken);

    public async Task<Job> RetryAsync(string id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = await RequireAsync(id, cancellationToken);
        RequireMayChange(job, user, "retry");
        if (job.State is not (JobState.Failed or JobState.Cancelled))
        {
            throw new ConflictException($"{NameOf(job)} is {Describe(job.State)}; only failed or cancelled jobs can be retried.");
        }

        if (job.PermanentFailure)
        {
            throw new ConflictException($"{job.FileName} cannot be watermarked ({job.Error}); running it again will not help. Upload a new file.");
        }

        if (!job.VideoArrived || await Store.HeadAsync(job.InputKey, cancellationToken) is null)
        {
            throw new ConflictException($"{NameOf(job)} cannot run again: its video never finished uploading. Upload it again.");
        }

        var result = await dispatch.RetryAsync(id, cancellationToken);
        if (result.Outcome == DispatchOutcome.Ignored)
        {
            throw new ConflictException(result.Detail);
        }

        return await RequireAsync(id, cancellationToken);
    }

    /// <summary>
    /// Whether job <paramref name="job"/>'s video can be watermarked again with other settings: it finished, its
    /// video arrived and was not found broken, and the original is still stored (a HEAD on the store).
    /// </summary>
    public async Task<bool> CanRunAgainAsync(Job job, CancellationToken cancellationToken = default) =>
        job.CanRunAgain && await Store.HeadAsync(job.InputKey, cancellationToken) is not null;

    /// <summary>
    /// A new job for finished job <paramref name="id"/>'s video with the watermark or template of
    /// <paramref name="request"/> (checked as an upload's choice is), owned by <paramref name="user"/> and started as
    /// any queued job is. The video is not uploaded again; the original is only read.
    /// </summary>
    public async Task<Job> RunAgainAsync(string id, RunAgainRequest request, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = await RequireAsync(id, cancellationToken);
        RequireMayChange(job, user, "run again");
        if (!job.State.IsFinal())
        {
            throw new ConflictException($"{NameOf(job)} is {Describe(job.State)}; run it again once it has finished.");
        }

        if (job.PermanentFailure)
        {
            throw new ConflictException($"{job.FileName} cannot be watermarked ({job.Error}); running it again will not help. Upload a new file.");
        }

        if (!await CanRunAgainAsync(job, cancellationToken))
        {
            throw new ConflictException($"{NameOf(job)} cannot run again: its video is no longer stored. Upload it again.");
        }

        var newId = JobIds.New();
        var (spec, template) = await uploads.ResolveChoiceAsync(request, job.FileName, newId, cancellationToken);
        return await dispatch.RunAgainAsync(job, newId, spec, template, PortalUser.NameOf(user) ?? "portal", cancellationToken);
    }

    /// <summary>
    /// A job that has not started stops here and now, as does a split one whose segments are encoding (each segment's
    /// worker sees it with its next heartbeat and stops); a running one is asked to stop, and its worker, which checks
    /// <see cref="Job.CancelRequested"/> with every heartbeat, ends it as Cancelled.
    /// </summary>
    public async Task<Job> CancelAsync(string id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = await RequireAsync(id, cancellationToken);
        RequireMayChange(job, user, "cancel");
        if (job.State.IsFinal())
        {
            throw new ConflictException($"{NameOf(job)} is {Describe(job.State)} already.");
        }

        var updated = await jobs.UpdateAsync(id, current => current.State.IsFinal() ? current : current.CancelByUser(time.GetUtcNow()), cancellationToken);
        return updated ?? job;
    }

    /// <summary>
    /// Deletes a finished job: its output, its claim on the output's name, its logs and its record. The original video
    /// stays where it was uploaded; the job's deletion mark keeps a late event for it from starting the job again.
    /// </summary>
    public async Task DeleteAsync(string id, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var job = await RequireAsync(id, cancellationToken);
        RequireMayChange(job, user, "delete");
        if (!job.State.IsFinal())
        {
            throw new ConflictException($"{NameOf(job)} is {Describe(job.State)}; cancel it or let it finish before deleting it.");
        }

        await Store.DeleteAsync(job.OutputKey, cancellationToken);
        await jobs.ReleaseOutputAsync(job.OutputKey, job.Id, cancellationToken);
        var logs = new List<string>();
        await foreach (var log in Store.ListAsync(ObjectKeys.LogsOf(job.Id), cancellationToken))
        {
            logs.Add(log.Key);
        }

        foreach (var log in logs)
        {
            await Store.DeleteAsync(log, cancellationToken);
        }

        await jobs.DeleteAsync(job.Id, cancellationToken);
    }

    /// <summary>A signed URL that downloads the output as <c>watermark-&lt;name&gt;</c>, or plays it in the page.</summary>
    public async Task<Uri?> OutputUrlAsync(Job job, bool inline, CancellationToken cancellationToken = default)
    {
        if (job.State != JobState.Succeeded)
        {
            return null;
        }

        return await Store.PresignDownloadAsync(job.OutputKey, ObjectKeys.FileName(job.OutputKey), TimeSpan.FromMinutes(options.Value.DownloadUrlMinutes), inline, cancellationToken);
    }

    /// <summary>The ffmpeg log of the job's latest run (its end, when long), or null when there is none.</summary>
    public async Task<string?> ReadLogAsync(Job job, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(job.LogKey))
        {
            return null;
        }

        try
        {
            await using var stream = await Store.OpenReadAsync(job.LogKey, cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(cancellationToken);
            return text.Length <= MaxLogChars ? text : "…\n" + text[^MaxLogChars..];
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    public static string Describe(JobState state) => state.ToString().ToLowerInvariant();

    private static void RequireMayChange(Job job, ClaimsPrincipal user, string action)
    {
        if (!PortalUser.MayChange(user, job))
        {
            throw new NotAllowedException($"{NameOf(job)} belongs to {job.Owner ?? "nobody"}; only its owner or an admin can {action} it.");
        }
    }

    private static string NameOf(Job job) => string.IsNullOrEmpty(job.FileName) ? $"Job {job.Id}" : job.FileName;

    private async Task<Job> RequireAsync(string id, CancellationToken cancellationToken) =>
        await jobs.GetAsync(id, cancellationToken) ?? throw new NotFoundException($"No job {id}.");
}
