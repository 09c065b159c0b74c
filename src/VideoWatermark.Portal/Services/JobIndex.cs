using System.Collections.Concurrent;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Every job in memory, newest first: the notification service the dashboard subscribes to. Fed by
/// <see cref="JobStore.Changed"/> in-process and by periodic re-reads of <c>jobs/</c> when other processes write them.
/// </summary>
public sealed class JobIndex(TimeProvider time)
{
    /// <summary>Notifications come at most this often, so bursts of progress updates cost a few renders a second.</summary>
    private static readonly TimeSpan NotifyInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A lone change waits only this long, enough to gather the rest of a burst into the same notification: an open
    /// dashboard shows a change about as soon as it is made instead of one interval later.
    /// </summary>
    private static readonly TimeSpan BurstDelay = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentDictionary<string, Job> jobs = new(StringComparer.Ordinal);
    private readonly Lock snapshotLock = new();
    private long version;
    private long snapshotVersion = -1;
    private Job[] snapshot = [];
    private int notifyPending;
    private long lastNotified;

    /// <summary>Raised (coalesced, on a pool thread) after jobs were added or changed.</summary>
    public event Action? Changed;

    public bool IsLoaded { get; private set; }

    public int Count => jobs.Count;

    public Job? Find(string id) => jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Takes a job's newer version; an older one arriving late is ignored.</summary>
    public void Upsert(Job job)
    {
        var stored = jobs.AddOrUpdate(job.Id, job, (_, existing) => existing.UpdatedAt > job.UpdatedAt ? existing : job);
        if (ReferenceEquals(stored, job))
        {
            MarkChanged();
        }
    }

    /// <summary>Forgets a deleted job.</summary>
    public void Remove(string id)
    {
        if (jobs.TryRemove(id, out _))
        {
            MarkChanged();
        }
    }

    /// <summary>Replaces the whole index with what the store holds now (a full re-read).</summary>
    public void Load(IEnumerable<Job> all)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in all)
        {
            seen.Add(job.Id);
            jobs.AddOrUpdate(job.Id, job, (_, existing) => existing.UpdatedAt > job.UpdatedAt ? existing : job);
        }

        foreach (var id in jobs.Keys.Where(id => !seen.Contains(id)))
        {
            jobs.TryRemove(id, out _);
        }

        IsLoaded = true;
        MarkChanged();
    }

    /// <summary>All jobs, newest first; the array is shared and must not be changed.</summary>
    public Job[] All()
    {
        lock (snapshotLock)
        {
            var current = Interlocked.Read(ref version);
            if (current != snapshotVersion)
            {
                snapshot = [.. jobs.Values.OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal)];
                snapshotVersion = current;
            }

            return snapshot;
        }
    }

    /// <summary>
    /// Jobs in <paramref name="state"/> (all when null) whose name contains <paramref name="search"/>, created within
    /// <paramref name="dates"/>, newest first.
    /// </summary>
    public Job[] Query(JobState? state = null, string? search = null, JobDateRange dates = default)
    {
        var all = All();
        if (state is null && string.IsNullOrWhiteSpace(search) && dates.IsEmpty)
        {
            return all;
        }

        var text = search?.Trim();
        return [.. all.Where(j => (state is null || j.State == state) && Matches(j, text) && dates.Contains(j.CreatedAt))];
    }

    /// <summary>
    /// How many jobs whose name contains <paramref name="search"/> (all when empty), created within
    /// <paramref name="dates"/>, are in each state.
    /// </summary>
    public IReadOnlyDictionary<JobState, int> CountByState(string? search = null, JobDateRange dates = default)
    {
        var text = search?.Trim();
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0);
        foreach (var job in jobs.Values)
        {
            if (Matches(job, text) && dates.Contains(job.CreatedAt))
            {
                counts[job.State]++;
            }
        }

        return counts;
    }

    private static bool Matches(Job job, string? text) =>
        string.IsNullOrEmpty(text)
        || job.FileName.Contains(text, StringComparison.OrdinalIgnoreCase)
        || job.Id.StartsWith(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a job that has not finished yet uses the watermark at <paramref name="key"/>.</summary>
    public bool IsWatermarkInUse(string key) =>
        jobs.Values.Any(j => !j.State.IsFinal() && string.Equals(j.Watermark.Image, key, StringComparison.Ordinal));

    /// <summary>Whether a job that has not finished renders any version of the template <paramref name="name"/>.</summary>
    public bool IsTemplateInUse(string name) =>
        jobs.Values.Any(j => !j.State.IsFinal() && string.Equals(j.Template?.Name, name, StringComparison.Ordinal));

    private void MarkChanged()
    {
        Interlocked.Increment(ref version);
        if (Interlocked.Exchange(ref notifyPending, 1) == 0)
        {
            _ = NotifySoonAsync();
        }
    }

    private async Task NotifySoonAsync()
    {
        var last = Interlocked.Read(ref lastNotified);
        var sinceLast = last == 0 ? TimeSpan.MaxValue : time.GetElapsedTime(last);
        await Task.Delay(sinceLast >= NotifyInterval - BurstDelay ? BurstDelay : NotifyInterval - sinceLast, time);
        Interlocked.Exchange(ref lastNotified, time.GetTimestamp());
        Interlocked.Exchange(ref notifyPending, 0);
        Changed?.Invoke();
    }
}
