using System.Security.Claims;
using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Auth;

namespace VideoWatermark.Portal.Services.Batches;

/// <summary>
/// Batches as their owner (or an admin) sees them: the batch's recipients joined with their jobs' current state, the
/// copies made so far for one ZIP, and the manifest with signed links. Anyone else is told there is no such batch, as
/// for an unknown id.
/// </summary>
public sealed class BatchService(BatchStore batches, JobStore jobs, JobIndex index, IObjectStore store, IOptions<PortalOptions> options, TimeProvider time)
{
    /// <summary>The batch <paramref name="batchId"/> with each recipient's job; null when there is none or it is not <paramref name="user"/>'s.</summary>
    public Task<BatchView?> GetAsync(string batchId, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        GetAsync(batchId, user, null, cancellationToken);

    /// <summary>
    /// As <see cref="GetAsync(string, ClaimsPrincipal, CancellationToken)"/>; with <paramref name="absolute"/>, each
    /// copy made carries a freshly signed download link (<see cref="BatchRowView.DownloadUrl"/>), as a job's does in
    /// <c>GET /api/jobs/{id}</c>.
    /// </summary>
    public async Task<BatchView?> GetAsync(string batchId, ClaimsPrincipal user, Func<Uri, string>? absolute, CancellationToken cancellationToken = default)
    {
        var batch = await GetBatchAsync(batchId, user, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var rows = new List<BatchRowView>(batch.Recipients.Count);
        foreach (var recipient in batch.Recipients)
        {
            var job = await JobOfAsync(recipient, cancellationToken);
            var row = RowOf(recipient, job);
            if (absolute is not null && await DownloadLinkAsync(job, PageLinkLifetime, cancellationToken) is { } link)
            {
                row = row with { DownloadUrl = absolute(link.Url) };
            }

            rows.Add(row);
        }

        return new BatchView(batch.Id, batch.FileName, batch.TemplateName, batch.TemplateVersion, batch.CreatedAt, rows);
    }

    /// <summary>
    /// <paramref name="view"/> with the jobs as the dashboard's index knows them now: the same instance when no copy
    /// changed, else a view in which only the changed rows are new (an open batch page draws only those again). Reads
    /// nothing from the store: a job the index no longer holds keeps its row as it was.
    /// </summary>
    public BatchView Follow(BatchView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        BatchRowView[]? rows = null;
        for (var i = 0; i < view.Rows.Count; i++)
        {
            var row = view.Rows[i];
            if (index.Find(row.JobId) is not { } job)
            {
                continue;
            }

            var now = row with
            {
                State = job.State,
                Progress = job.Progress,
                Error = job.Error,
                OutputFileName = ObjectKeys.FileName(job.OutputKey),
                OutputSha256 = job.OutputSha256,
                OutputSize = job.OutputSize,
            };
            if (!now.Equals(row))
            {
                rows ??= [.. view.Rows];
                rows[i] = now;
            }
        }

        return rows is null ? view : view with { Rows = rows };
    }

    /// <summary>The batch record itself, under the same rule as <see cref="GetAsync(string, ClaimsPrincipal, CancellationToken)"/>.</summary>
    public async Task<Batch?> GetBatchAsync(string batchId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var batch = await batches.GetAsync(batchId, cancellationToken);
        return batch is not null && MaySee(user, batch) ? batch : null;
    }

    /// <summary>As <see cref="GetBatchAsync"/>, refusing with <see cref="NotFoundException"/> instead of null.</summary>
    public async Task<Batch> RequireAsync(string batchId, ClaimsPrincipal user, CancellationToken cancellationToken = default) =>
        await GetBatchAsync(batchId, user, cancellationToken) ?? throw new NotFoundException($"No batch {batchId}.");

    /// <summary>Its owner and admins; nobody else learns that it exists.</summary>
    public static bool MaySee(ClaimsPrincipal? user, Batch batch) =>
        PortalUser.IsAdmin(user) || (PortalUser.NameOf(user) is { } name && string.Equals(batch.Owner, name, StringComparison.Ordinal));

    /// <summary>The recipient's job as the dashboard knows it, else as stored; null when it was deleted.</summary>
    public async Task<Job?> JobOfAsync(BatchRecipient recipient, CancellationToken cancellationToken = default) =>
        index.Find(recipient.JobId) ?? await jobs.GetAsync(recipient.JobId, cancellationToken);

    /// <summary>
    /// The copies of <paramref name="batch"/> made so far, in recipient order, for one ZIP; refused as a conflict when
    /// there is none yet.
    /// </summary>
    public async Task<IReadOnlyList<Job>> CopiesAsync(Batch batch, CancellationToken cancellationToken = default)
    {
        var copies = new List<Job>(batch.Recipients.Count);
        foreach (var recipient in batch.Recipients)
        {
            // The stored record, not the index's: the ZIP must not name an output that a newer run is replacing.
            if (await jobs.GetAsync(recipient.JobId, cancellationToken) is { State: JobState.Succeeded } job)
            {
                copies.Add(job);
            }
        }

        return copies.Count > 0 ? copies : throw new ConflictException($"No copy of {batch.FileName} is ready yet; download them once some have succeeded.");
    }

    /// <summary>
    /// A signed download link of <paramref name="job"/>'s output valid for <paramref name="lifetime"/>, with its
    /// expiry; null when the job has not succeeded.
    /// </summary>
    public async Task<(Uri Url, DateTimeOffset ExpiresAt)?> DownloadLinkAsync(Job? job, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        if (job is not { State: JobState.Succeeded })
        {
            return null;
        }

        var expires = time.GetUtcNow() + lifetime;
        var url = await store.PresignDownloadAsync(job.OutputKey, ObjectKeys.FileName(job.OutputKey), lifetime, cancellationToken: cancellationToken);
        return (url, expires);
    }

    /// <summary>How long a link on the batch page or in <c>GET /api/batches/{id}</c> lives: as a job's download link.</summary>
    public TimeSpan PageLinkLifetime => TimeSpan.FromMinutes(options.Value.DownloadUrlMinutes);

    /// <summary>How long the manifest's links live (<see cref="PortalOptions.ManifestUrlHours"/>).</summary>
    public TimeSpan ManifestLinkLifetime => TimeSpan.FromHours(options.Value.ManifestUrlHours);

    /// <summary>
    /// The manifest of <paramref name="batch"/>: every recipient in order, with a link signed now for each copy made;
    /// <paramref name="absolute"/> turns the store's link into one a reader can follow from anywhere.
    /// </summary>
    public async Task<IReadOnlyList<BatchManifestRow>> ManifestAsync(Batch batch, Func<Uri, string> absolute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(absolute);
        var rows = new List<BatchManifestRow>(batch.Recipients.Count);
        foreach (var recipient in batch.Recipients)
        {
            var job = await jobs.GetAsync(recipient.JobId, cancellationToken);
            var link = await DownloadLinkAsync(job, ManifestLinkLifetime, cancellationToken);
            rows.Add(new BatchManifestRow(
                recipient.Row,
                recipient.Name,
                recipient.Email,
                ObjectKeys.FileName(job?.OutputKey ?? recipient.OutputKey),
                job is null ? "deleted" : JobStates.Name(job.State),
                job?.State == JobState.Succeeded ? job.OutputSha256 : null,
                link is { } l ? absolute(l.Url) : null,
                link?.ExpiresAt));
        }

        return rows;
    }

    private static BatchRowView RowOf(BatchRecipient recipient, Job? job) => job is null
        ? new BatchRowView(recipient.Row, recipient.Name, recipient.Email, recipient.JobId, JobState.Cancelled, 0, "The job was deleted.", ObjectKeys.FileName(recipient.OutputKey), null, null)
        : new BatchRowView(recipient.Row, recipient.Name, recipient.Email, job.Id, job.State, job.Progress, job.Error, ObjectKeys.FileName(job.OutputKey), job.OutputSha256, job.OutputSize);
}
