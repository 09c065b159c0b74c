using System.Security.Claims;
using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Auth;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Announces uploads: checks the file and the watermark choice, writes a Pending job that carries that choice, and
/// hands back signed URLs the client sends the bytes to. The video never passes through the portal's code; the store's
/// ObjectCreated moves the job on.
/// </summary>
public sealed partial class UploadService(
    JobStore jobs,
    JobIndex index,
    IObjectStore store,
    WatermarkLibrary watermarks,
    TemplateLibrary templates,
    BatchStore batches,
    DispatchOptions dispatch,
    IOptions<PortalOptions> options,
    InputLimits limits,
    TimeProvider time,
    ILogger<UploadService> logger,
    WebhookTargets webhookTargets)
{
    private const int MaxParts = 10_000;
    private const long MinPartSize = 5L * 1024 * 1024;

    private IObjectStore Store => store;

    private PortalOptions Options => options.Value;

    public async Task<UploadTicket> StartAsync(VideoUploadRequest request, string? owner = null, CancellationToken cancellationToken = default)
    {
        var contentType = UploadRules.Check(request.FileName, request.ContentType, request.Size, limits);
        if (request.Recipients is not null)
        {
            var batch = await AnnounceBatchAsync(request, owner ?? "portal", cancellationToken);
            var ids = batch.Recipients.Select(r => r.JobId).ToList();
            var batchTicket = await TicketAsync(ids[0], batch.InputKey, contentType, request.Size, cancellationToken);
            return batchTicket with { BatchId = batch.Id, JobIds = ids };
        }

        var id = JobIds.New();
        var (spec, template) = await ResolveChoiceAsync(request, id, cancellationToken);

        owner ??= "portal";
        var job = template is null ? await ReannounceAsync(request, spec, owner, cancellationToken) : null;
        if (job is null)
        {
            var key = ObjectKeys.PortalUploadKey(id, request.FileName!);
            job = Job.Announce(id, key, ObjectKeys.OutputKey(key, dispatch.OutputPrefix), spec, request.Size, owner)
                with
            { CreatedAt = time.GetUtcNow(), Template = template };
            if (!await jobs.TryCreateAsync(job, cancellationToken))
            {
                throw new InvalidOperationException($"Job id {id} collided with an existing job.");
            }
        }

        logger.LogInformation("Job {JobId}: waiting for {FileName} ({Size} bytes)", job.Id, job.FileName, request.Size);
        return await TicketAsync(job.Id, job.InputKey, contentType, request.Size, cancellationToken);
    }

    /// <summary>Where the client sends the bytes of <paramref name="inputKey"/>: one signed PUT, or a multipart upload above the threshold.</summary>
    private async Task<UploadTicket> TicketAsync(string jobId, string inputKey, string contentType, long size, CancellationToken cancellationToken)
    {
        var lifetime = TimeSpan.FromMinutes(Options.UploadUrlMinutes);
        if (size > Options.MultipartThresholdBytes)
        {
            var partSize = PartSizeFor(size);
            var uploadId = await Store.StartMultipartUploadAsync(inputKey, contentType, cancellationToken);
            var plan = new MultipartPlan(uploadId, partSize, (int)((size + partSize - 1) / partSize));
            return new UploadTicket(jobId, inputKey, null, "PUT", new Dictionary<string, string>(), null, plan);
        }

        var signed = await Store.PresignUploadAsync(inputKey, contentType, size, lifetime, cancellationToken);
        return new UploadTicket(jobId, inputKey, signed.Url.ToString(), signed.Method, signed.Headers, signed.ExpiresAt, null);
    }

    /// <summary>
    /// The same owner uploading the same file (name and size) again after its upload was given up gets the job back
    /// (<see cref="Job.Reannounce"/>) rather than a second one beside a dead twin. Null when there is no such job.
    /// </summary>
    private async Task<Job?> ReannounceAsync(VideoUploadRequest request, WatermarkSpec spec, string owner, CancellationToken cancellationToken)
    {
        var name = ObjectKeys.SafeFileName(request.FileName!);
        foreach (var candidate in index.All().Where(j => IsGivenUpUpload(j, owner, name, request.Size)))
        {
            var taken = false;
            var job = await jobs.UpdateAsync(candidate.Id, current =>
            {
                taken = IsGivenUpUpload(current, owner, name, request.Size);
                return taken ? current.Reannounce(spec, request.Size, time.GetUtcNow()) : current;
            }, cancellationToken);
            if (taken && job is not null)
            {
                logger.LogInformation("Job {JobId}: {FileName} is uploaded again", job.Id, job.FileName);
                return job;
            }
        }

        return null;
    }

    private static bool IsGivenUpUpload(Job job, string owner, string name, long size) =>
        job is { State: JobState.Cancelled, VideoArrived: false, Template: null }
        && job.Owner == owner && job.InputSize == size && job.FileName == name;

    /// <summary>Signs one part just before the client sends it, so a slow multi-gigabyte upload never meets an expired URL.</summary>
    public async Task<PartTicket> SignPartAsync(string id, string? uploadId, int partNumber, CancellationToken cancellationToken = default)
    {
        var job = await RequirePendingAsync(id, cancellationToken);
        if (string.IsNullOrWhiteSpace(uploadId))
        {
            throw new InvalidInputException("uploadId is required.");
        }

        if (partNumber is < 1 or > MaxParts)
        {
            throw new InvalidInputException($"Part number {partNumber} is out of range: use 1 to {MaxParts}.");
        }

        var signed = await Store.PresignUploadPartAsync(job.InputKey, uploadId, partNumber, TimeSpan.FromMinutes(Options.UploadUrlMinutes), cancellationToken);
        return new PartTicket(partNumber, signed.Url.ToString(), signed.Method, signed.Headers, signed.ExpiresAt);
    }

    /// <summary>
    /// The parts the store already holds for the job's upload, so a browser whose upload was interrupted (a reload, a
    /// lost connection) sends only the rest. Refused as a conflict when the upload can no longer be resumed: the job
    /// was cancelled or its video arrived meanwhile, or the store no longer holds the upload (aborted, swept) or
    /// cannot list its parts; the browser then starts over with a new job.
    /// </summary>
    public async Task<IReadOnlyList<StoredPart>> ListPartsAsync(string id, string? uploadId, CancellationToken cancellationToken = default)
    {
        var job = await RequirePendingAsync(id, cancellationToken);
        if (string.IsNullOrWhiteSpace(uploadId))
        {
            throw new InvalidInputException("uploadId is required.");
        }

        IReadOnlyList<StoredPart>? parts;
        try
        {
            parts = await Store.ListPartsAsync(job.InputKey, uploadId, cancellationToken);
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            // A store that cannot list parts, or an upload id that is not this store's.
            throw new ConflictException($"The upload of {job.FileName} cannot be resumed: {ex.Message}");
        }

        return parts ?? throw new ConflictException($"The store no longer holds the parts of {job.FileName}; its upload cannot be resumed.");
    }

    public async Task CompleteAsync(string id, CompleteUploadRequest request, CancellationToken cancellationToken = default)
    {
        var job = await RequirePendingAsync(id, cancellationToken);
        if (string.IsNullOrWhiteSpace(request.UploadId) || request.Parts is not { Count: > 0 } parts)
        {
            throw new InvalidInputException("uploadId and the list of uploaded parts are required.");
        }

        if (parts.Any(p => string.IsNullOrWhiteSpace(p.ETag)))
        {
            throw new InvalidInputException("Every part needs the ETag its upload returned.");
        }

        var ordered = parts.OrderBy(p => p.PartNumber).Select(p => new UploadedPart(p.PartNumber, p.ETag!)).ToList();
        await Store.CompleteMultipartUploadAsync(job.InputKey, request.UploadId, ordered, cancellationToken);
    }

    /// <summary>
    /// The client gave up on an upload: the job is cancelled (every job of its batch, which all wait for the same
    /// video) and any parts already sent are thrown away.
    /// </summary>
    public async Task AbandonAsync(string id, string? uploadId, string reason, CancellationToken cancellationToken = default)
    {
        var upload = await FindUploadAsync(id, cancellationToken);
        if (!string.IsNullOrWhiteSpace(uploadId) && upload is not null)
        {
            try
            {
                await Store.AbortMultipartUploadAsync(upload.InputKey, uploadId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Upload {Id}: could not abort multipart upload {UploadId}", id, uploadId);
            }
        }

        foreach (var jobId in upload?.JobIds ?? [id])
        {
            await jobs.UpdateAsync(jobId, j => j.State == JobState.Pending
                ? j.Cancel(reason, time.GetUtcNow())
                : j, cancellationToken);
        }
    }

    private Task<(WatermarkSpec Spec, JobTemplate? Template)> ResolveChoiceAsync(VideoUploadRequest request, string jobId, CancellationToken cancellationToken) =>
        ResolveChoiceAsync(new RunAgainRequest(request.Watermark, request.Placement, request.Template, request.TemplateVersion, request.Variables), request.FileName!, jobId, cancellationToken);

    /// <summary>
    /// A single watermark as before, or a template version fixed now with variables that fill every token of a job
    /// <paramref name="jobId"/> for the video <paramref name="fileName"/>: an upload's choice, or a run again's.
    /// </summary>
    public async Task<(WatermarkSpec Spec, JobTemplate? Template)> ResolveChoiceAsync(RunAgainRequest request, string fileName, string jobId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.Template))
        {
            if (request.Variables is { Count: > 0 } || request.TemplateVersion is not null)
            {
                throw new InvalidInputException("variables and templateVersion go with a template: name one in 'template'.");
            }

            return (await ResolveSpecAsync(request.Watermark, request.Placement, cancellationToken), null);
        }

        if (request.Watermark is not null || request.Placement is not null)
        {
            throw new InvalidInputException("Give either a watermark with its placement or a template, not both.");
        }

        var template = await templates.ResolveForJobAsync(request.Template, request.TemplateVersion, request.Variables, fileName, jobId, cancellationToken);
        return (new WatermarkSpec(), template);
    }

    /// <summary>Turns the request's watermark name and placement into a checked spec.</summary>
    public async Task<WatermarkSpec> ResolveSpecAsync(string? watermark, PlacementRequest? placement, CancellationToken cancellationToken = default)
    {
        var key = string.IsNullOrWhiteSpace(watermark)
            ? await watermarks.GetDefaultKeyAsync(cancellationToken)
            : WatermarkLibrary.KeyFor(watermark);
        if (!await watermarks.ExistsAsync(key, cancellationToken))
        {
            throw new InvalidInputException($"There is no watermark '{ObjectKeys.FileName(key)}': upload it first or pick one from GET /api/watermarks.");
        }

        var spec = new WatermarkSpec { Image = key };
        if (placement is not null)
        {
            var position = spec.Position;
            if (placement.Position is not null && !AnchorNames.TryParse(placement.Position, out position))
            {
                throw new InvalidInputException($"Unknown position '{placement.Position}': use one of {string.Join(", ", AnchorNames.All)}.");
            }

            spec = spec with
            {
                Position = position,
                Margin = placement.Margin ?? spec.Margin,
                Scale = placement.Scale ?? spec.Scale,
                Opacity = placement.Opacity ?? spec.Opacity,
            };
        }

        var problems = spec.Problems();
        return problems.Count == 0 ? spec : throw new InvalidInputException(string.Join(" ", problems));
    }

    private long PartSizeFor(long size)
    {
        var partSize = Math.Max(MinPartSize, Options.PartSizeBytes);
        var needed = (size + MaxParts - 1) / MaxParts;
        return Math.Max(partSize, (needed + MinPartSize - 1) / MinPartSize * MinPartSize);
    }

    /// <summary>
    /// Refuses (<see cref="NotAllowedException"/>) unless <paramref name="user"/> may <paramref name="action"/> the
    /// upload <paramref name="id"/> names (a job's or a batch's); an unknown one is left to the call itself.
    /// </summary>
    public async Task RequireMayChangeAsync(string id, ClaimsPrincipal user, string action, CancellationToken cancellationToken = default)
    {
        if (await FindUploadAsync(id, cancellationToken) is { } upload
            && !PortalUser.IsAdmin(user) && !(PortalUser.NameOf(user) is { } name && string.Equals(upload.Owner, name, StringComparison.Ordinal)))
        {
            throw new NotAllowedException($"{(string.IsNullOrEmpty(upload.FileName) ? $"Job {id}" : upload.FileName)} belongs to {upload.Owner ?? "nobody"}; only its owner or an admin can {action} it.");
        }
    }

    /// <summary>The upload <paramref name="id"/> names (<see cref="FindUploadAsync"/>) while a job still waits for it.</summary>
    private async Task<PendingUpload> RequirePendingAsync(string id, CancellationToken cancellationToken)
    {
        var upload = await FindUploadAsync(id, cancellationToken) ?? throw new NotFoundException($"No job {id}.");
        return upload.Over is null ? upload : throw new ConflictException(upload.Over);
    }
}
