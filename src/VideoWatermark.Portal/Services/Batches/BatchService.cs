using System.Security.Claims;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Auth;

namespace VideoWatermark.Portal.Services.Batches;

/// <summary>
/// Batches as their owner (or an admin) sees them: the batch's recipients joined with their jobs' current state. Anyone
/// else is told there is no such batch, as for an unknown id.
/// </summary>
public sealed class BatchService(BatchStore batches, JobStore jobs, JobIndex index)
{
    /// <summary>The batch <paramref name="batchId"/> with each recipient's job; null when there is none or it is not <paramref name="user"/>'s.</summary>
    public async Task<BatchView?> GetAsync(string batchId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
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
            rows.Add(RowOf(recipient, job));
        }

        return new BatchView(batch.Id, batch.FileName, batch.TemplateName, batch.TemplateVersion, batch.CreatedAt, rows);
    }

    /// <summary>The batch record itself, under the same rule as <see cref="GetAsync"/>.</summary>
    public async Task<Batch?> GetBatchAsync(string batchId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var batch = await batches.GetAsync(batchId, cancellationToken);
        return batch is not null && MaySee(user, batch) ? batch : null;
    }

    /// <summary>Its owner and admins; nobody else learns that it exists.</summary>
    public static bool MaySee(ClaimsPrincipal? user, Batch batch) =>
        PortalUser.IsAdmin(user) || (PortalUser.NameOf(user) is { } name && string.Equals(batch.Owner, name, StringComparison.Ordinal));

    /// <summary>The recipient's job as the dashboard knows it, else as stored; null when it was deleted.</summary>
    public async Task<Job?> JobOfAsync(BatchRecipient recipient, CancellationToken cancellationToken = default) =>
        index.Find(recipient.JobId) ?? await jobs.GetAsync(recipient.JobId, cancellationToken);

    private static BatchRowView RowOf(BatchRecipient recipient, Job? job) => job is null
        ? new BatchRowView(recipient.Row, recipient.Name, recipient.Email, recipient.JobId, JobState.Cancelled, 0, "The job was deleted.", ObjectKeys.FileName(recipient.OutputKey), null, null)
        : new BatchRowView(recipient.Row, recipient.Name, recipient.Email, job.Id, job.State, job.Progress, job.Error, ObjectKeys.FileName(job.OutputKey), job.OutputSha256, job.OutputSize);
}
