using System.Collections.Concurrent;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Services;

/// <summary>An upload with recipients: one video, one pending job per recipient, all waiting for the same upload.</summary>
public sealed partial class UploadService
{
    /// <summary>How many store writes (output claims, job records) a batch makes at once.</summary>
    private const int BatchWrites = 8;

    /// <summary>
    /// Checks the whole batch (the template, every recipient's values, the limit) before writing anything, then
    /// reserves each copy's output name, writes the batch record and one pending job per recipient. The upload goes to
    /// the batch's own key, which the dispatch of the landed video finds the batch by, whichever copies are left.
    /// </summary>
    private async Task<Batch> AnnounceBatchAsync(VideoUploadRequest request, string owner, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Template))
        {
            throw new InvalidInputException("recipients go with a template: name one in 'template'.");
        }

        if (request.Watermark is not null || request.Placement is not null)
        {
            throw new InvalidInputException("Give either a watermark with its placement or a template, not both.");
        }

        var callback = await CheckCallbackUrlAsync(request.CallbackUrl, cancellationToken);
        var stored = await templates.ResolveAsync(request.Template, request.TemplateVersion, cancellationToken);
        var now = time.GetUtcNow();
        var rows = RecipientRows.Check(stored.Template, request.Recipients, request.Variables, request.FileName!, now, limits);

        var batchId = JobIds.New();
        var jobIds = rows.Select(_ => JobIds.New()).ToList();
        var inputKey = ObjectKeys.PortalUploadKey(batchId, request.FileName!);
        var outputKeys = await ClaimOutputsAsync(rows, jobIds, inputKey, cancellationToken);
        var batch = new Batch
        {
            Id = batchId,
            Owner = owner,
            FileName = ObjectKeys.FileName(inputKey),
            InputKey = inputKey,
            TemplateName = stored.Name,
            TemplateVersion = stored.Version,
            CreatedAt = now,
            CallbackUrl = callback,
            Recipients = [.. rows.Select((values, i) => new BatchRecipient(i + 1, values, jobIds[i], outputKeys[i]))],
        };
        if (!await batches.TryCreateAsync(batch, cancellationToken))
        {
            throw new InvalidOperationException($"Batch id {batchId} collided with an existing batch.");
        }

        await Parallel.ForEachAsync(batch.Recipients, Writes(cancellationToken), async (recipient, ct) =>
        {
            var job = Job.Announce(recipient.JobId, inputKey, recipient.OutputKey, new WatermarkSpec(), request.Size, owner) with
            {
                CreatedAt = now,
                BatchId = batchId,
                Template = new JobTemplate(stored.Name, stored.Version, recipient.Values),
            };
            if (!await jobs.TryCreateAsync(job, ct))
            {
                throw new InvalidOperationException($"Job id {job.Id} collided with an existing job.");
            }
        });

        logger.LogInformation("Batch {BatchId}: {Count} jobs waiting for {FileName} ({Size} bytes), template {Template} version {Version}",
            batchId, rows.Count, batch.FileName, request.Size, stored.Name, stored.Version);
        return batch;
    }

    /// <summary>
    /// Each copy's output, <c>watermark-&lt;name&gt;-&lt;recipient&gt;.mp4</c> beside the upload's own folder, unique
    /// within the batch (ignoring case) and reserved against every other job's output as a drop-in's is; a name
    /// another job holds gets the next free number.
    /// </summary>
    private async Task<IReadOnlyList<string>> ClaimOutputsAsync(
        IReadOnlyList<IReadOnlyDictionary<string, string>> rows, IReadOnlyList<string> jobIds, string inputKey, CancellationToken cancellationToken)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var parts = rows.Select((values, i) => RecipientFileNames.Part(new BatchRecipient(i + 1, values, jobIds[i], "").Name, i + 1)).ToList();
        var keys = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            keys[i] = ObjectKeys.OutputKey(inputKey, dispatch.OutputPrefix, RecipientFileNames.Unique(parts[i], taken));
        }

        var refused = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), Writes(cancellationToken), async (i, ct) =>
        {
            if (!await jobs.TryClaimOutputAsync(keys[i], jobIds[i], ct))
            {
                refused.Add(i);
            }
        });

        foreach (var i in refused.Order())
        {
            do
            {
                keys[i] = ObjectKeys.OutputKey(inputKey, dispatch.OutputPrefix, RecipientFileNames.Unique(parts[i], taken));
            }
            while (!await jobs.TryClaimOutputAsync(keys[i], jobIds[i], cancellationToken));
        }

        return keys;
    }

    /// <summary>
    /// The upload <paramref name="id"/> names: a single job's, or a batch's (by the batch's id or any of its jobs'),
    /// which is open while any of its copies still waits for the video; null when there is neither.
    /// </summary>
    private async Task<PendingUpload?> FindUploadAsync(string id, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        var batch = job is null ? await batches.GetAsync(id, cancellationToken)
            : job.BatchId is { } batchId ? await batches.GetAsync(batchId, cancellationToken)
            : null;
        if (batch is null)
        {
            return job is null ? null : new PendingUpload(job.InputKey, job.FileName, [job.Id], job.Owner,
                job.State == JobState.Pending ? null : $"Job {id} is {job.State.ToString().ToLowerInvariant()}; its upload is over.");
        }

        // The index answers for most copies without a read; the first one still waiting is enough.
        var waiting = false;
        foreach (var recipient in batch.Recipients)
        {
            if ((index.Find(recipient.JobId) ?? await jobs.GetAsync(recipient.JobId, cancellationToken)) is { State: JobState.Pending })
            {
                waiting = true;
                break;
            }
        }

        return new PendingUpload(batch.InputKey, batch.FileName, [.. batch.Recipients.Select(r => r.JobId)], batch.Owner,
            waiting ? null : $"No copy of {batch.FileName} waits for its upload any more; the upload is over.");
    }

    /// <summary>
    /// The batch's callback URL as events will reach it, by the one rule every webhook target meets
    /// (<see cref="Core.Events.WebhookTargets.ValidateAsync"/>): well formed, and (unless private targets are allowed) at a public
    /// address, its name resolved now; each delivery checks the address it connects to again.
    /// </summary>
    private async Task<string?> CheckCallbackUrlAsync(string? url, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(url) ? null : (await webhookTargets.ValidateAsync(url, cancellationToken)).AbsoluteUri;

    private static ParallelOptions Writes(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = BatchWrites, CancellationToken = cancellationToken };
}
