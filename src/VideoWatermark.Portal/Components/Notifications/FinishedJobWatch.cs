using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Components.Notifications;

/// <summary>
/// Which of one user's jobs finished since the last look: every finish the tab sees happen, a retried job's too, even
/// when the changes in between were never seen (the job index coalesces bursts). Jobs finished before the first look,
/// other users' jobs (an admin's too) and cancellations (the user's own doing, as a rule) never count.
/// </summary>
public sealed class FinishedJobWatch(string owner)
{
    /// <summary>Each job's last finish seen (state, attempt and time), or null while it was under way.</summary>
    private readonly Dictionary<string, (JobState State, int Attempts, DateTimeOffset? At)?> seen = new(StringComparer.Ordinal);
    private bool first = true;

    /// <summary>The owner's jobs that finished since the last call.</summary>
    public IReadOnlyList<Job> Look(IEnumerable<Job> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var finished = new List<Job>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs.Where(j => string.Equals(j.Owner, owner, StringComparison.Ordinal)))
        {
            present.Add(job.Id);
            (JobState, int, DateTimeOffset?)? finish = job.State.IsFinal() ? (job.State, job.Attempts, job.FinishedAt) : null;
            var known = seen.TryGetValue(job.Id, out var last);
            seen[job.Id] = finish;
            if (!first && finish is not null && (!known || last != finish) && job.State is JobState.Succeeded or JobState.Failed)
            {
                finished.Add(job);
            }
        }

        // A deleted job is forgotten.
        foreach (var gone in seen.Keys.Where(id => !present.Contains(id)).ToList())
        {
            seen.Remove(gone);
        }

        first = false;
        return finished;
    }
}
