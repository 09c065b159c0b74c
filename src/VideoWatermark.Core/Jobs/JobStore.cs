using System.Runtime.CompilerServices;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Jobs;

/// <summary>
/// Job records as JSON objects under <c>jobs/</c>. Updates are read-modify-write guarded by the object's ETag where the
/// store supports conditional writes, so two writers cannot silently lose each other's change.
/// </summary>
/// <param name="ended">Told of every job this store moves into an end state (the events outbox), whichever path ended it.</param>
public sealed class JobStore(IObjectStore store, TimeProvider time, IJobEndObserver? ended = null)
{
    private const int MaxUpdateTries = 8;

    public event Action<Job>? Changed;

    /// <summary>Raised with the id of a job whose record was deleted.</summary>
    public event Action<string>? Removed;

    public async Task<Job?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!JobIds.IsValid(id))
        {
            return null;
        }

        var read = await ReadRecordAsync(ObjectKeys.JobKey(id), b => JobJson.Deserialize(b), cancellationToken);
        return read?.Value;
    }

    /// <summary>Writes a new job; returns false when a job with that id exists already.</summary>
    public async Task<bool> TryCreateAsync(Job job, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        job = job with { CreatedAt = job.CreatedAt == default ? now : job.CreatedAt, UpdatedAt = now };
        var created = await store.TryCreateAsync(ObjectKeys.JobKey(job.Id), JobJson.Serialize(job), cancellationToken);
        if (created)
        {
            Changed?.Invoke(job);
        }

        return created;
    }

    /// <summary>
    /// Reserves <paramref name="outputKey"/> for job <paramref name="jobId"/>: true when it was free or is already
    /// this job's (a redelivered event), false when another job holds it.
    /// </summary>
    public async Task<bool> TryClaimOutputAsync(string outputKey, string jobId, CancellationToken cancellationToken = default)
    {
        var claimKey = ObjectKeys.OutputClaimKey(outputKey);
        if (await store.HeadAsync(claimKey, cancellationToken) is null)
        {
            using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(jobId));
            if (await store.PutAsync(claimKey, body, "text/plain", PutCondition.MustNotExist, cancellationToken))
            {
                return true;
            }
        }

        await using var stream = await store.OpenReadAsync(claimKey, cancellationToken);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken) == jobId;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current record and writes it back, retrying when another writer got
    /// there first. <paramref name="change"/> may return the job unchanged to skip the write. Returns the stored job,
    /// or null when there is no such job.
    /// </summary>
    public async Task<Job?> UpdateAsync(string id, Func<Job, Job> change, CancellationToken cancellationToken = default)
    {
        Job? before = null;
        var updated = await UpdateRecordAsync(ObjectKeys.JobKey(id), b => JobJson.Deserialize(b), j => change(before = j), j => j with { UpdatedAt = time.GetUtcNow() }, JobJson.Serialize, id, cancellationToken);
        if (updated.Changed)
        {
            Changed?.Invoke(updated.Value!);
            if (ended is not null && updated.Value!.State.IsFinal() && before?.State != updated.Value.State)
            {
                await TellEndedAsync(ended, updated.Value, cancellationToken);
            }
        }

        return updated.Value;
    }

    /// <summary>The earliest end a sweep should hand to <see cref="CatchUpEndsAsync"/>; null when nothing is told of ends.</summary>
    public DateTimeOffset? EndsCatchUpSince(DateTimeOffset now) => ended?.CatchUpSince(now);

    /// <summary>
    /// Hands a sweep's recently ended jobs (and unfinished batch jobs) to the end observer, so an end whose telling a
    /// dying process lost is told after all (<see cref="IJobEndObserver.CatchUpAsync"/>).
    /// </summary>
    public Task CatchUpEndsAsync(IReadOnlyList<Job> listed, CancellationToken cancellationToken = default) =>
        ended?.CatchUpAsync(listed, this, cancellationToken) ?? Task.CompletedTask;

    private async Task TellEndedAsync(IJobEndObserver observer, Job job, CancellationToken cancellationToken)
    {
        try
        {
            await observer.EndedAsync(job, this, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The observer logs its own failures; the job's record is written and stays the answer.
        }
    }

    /// <summary>The segments of split job <paramref name="jobId"/>, in order; empty for a job that was not split.</summary>
    public async Task<IReadOnlyList<JobSegment>> GetSegmentsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var segments = new List<JobSegment>();
        if (!JobIds.IsValid(jobId))
        {
            return segments;
        }

        var keys = new List<string>();
        await foreach (var info in store.ListAsync(ObjectKeys.SegmentsOf(jobId), cancellationToken))
        {
            if (info.Key.EndsWith(".json", StringComparison.Ordinal))
            {
                keys.Add(info.Key);
            }
        }

        foreach (var key in keys)
        {
            if (await ReadRecordAsync(key, b => JobJson.DeserializeSegment(b), cancellationToken) is { } read)
            {
                segments.Add(read.Value);
            }
        }

        return [.. segments.OrderBy(s => s.Index)];
    }

    public async Task<JobSegment?> GetSegmentAsync(string jobId, int index, CancellationToken cancellationToken = default) =>
        (await ReadRecordAsync(ObjectKeys.SegmentKey(jobId, index), b => JobJson.DeserializeSegment(b), cancellationToken))?.Value;

    /// <summary>Writes a new segment record; false (and the record stays as it was) when it exists already.</summary>
    public async Task<bool> TryCreateSegmentAsync(JobSegment segment, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return await store.TryCreateAsync(ObjectKeys.SegmentKey(segment.JobId, segment.Index), JobJson.Serialize(segment with { CreatedAt = now, UpdatedAt = now }), cancellationToken);
    }

    /// <summary>As <see cref="UpdateAsync"/>, for one segment's record.</summary>
    public async Task<JobSegment?> UpdateSegmentAsync(string jobId, int index, Func<JobSegment, JobSegment> change, CancellationToken cancellationToken = default) =>
        (await UpdateRecordAsync(ObjectKeys.SegmentKey(jobId, index), b => JobJson.DeserializeSegment(b), change, s => s with { UpdatedAt = time.GetUtcNow() }, JobJson.Serialize, $"{jobId} segment {index}", cancellationToken)).Value;

    private async Task<(T? Value, bool Changed)> UpdateRecordAsync<T>(
        string key,
        Func<byte[], T> deserialize,
        Func<T, T> change,
        Func<T, T> stamp,
        Func<T, byte[]> serialize,
        string name,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadRecordAsync(key, deserialize, cancellationToken);
            if (current is null)
            {
                return (null, false);
            }

            var next = change(current.Value.Value);
            if (ReferenceEquals(next, current.Value.Value) || next.Equals(current.Value.Value))
            {
                return (current.Value.Value, false);
            }

            next = stamp(next);
            using var body = new MemoryStream(serialize(next));
            var condition = current.Value.ETag is { } etag ? PutCondition.MustMatch(etag) : null;
            if (await store.PutAsync(key, body, "application/json", condition, cancellationToken))
            {
                return (next, true);
            }

            if (attempt >= MaxUpdateTries)
            {
                throw new InvalidOperationException($"Job {name} kept changing under us; gave up after {attempt} tries.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
        }
    }

    /// <summary>
    /// Deletes job <paramref name="id"/>'s record for good. Its deletion mark is written first, so an event for its
    /// video that is delivered after this never brings the job back (<see cref="IsDeletedAsync"/>).
    /// </summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var mark = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(time.GetUtcNow().ToString("O")));
        await store.PutAsync(ObjectKeys.DeletedJobKey(id), mark, "text/plain", null, cancellationToken);
        var folder = new List<string>();
        await foreach (var info in store.ListAsync(ObjectKeys.JobFolder(id), cancellationToken))
        {
            folder.Add(info.Key);
        }

        foreach (var key in folder)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        await store.DeleteAsync(ObjectKeys.JobKey(id), cancellationToken);
        Removed?.Invoke(id);
    }

    /// <summary>True when job <paramref name="id"/> was deleted by someone: its video must not start it again.</summary>
    public async Task<bool> IsDeletedAsync(string id, CancellationToken cancellationToken = default) =>
        JobIds.IsValid(id) && await store.HeadAsync(ObjectKeys.DeletedJobKey(id), cancellationToken) is not null;

    /// <summary>Gives up the claim on <paramref name="outputKey"/> when job <paramref name="jobId"/> holds it.</summary>
    public async Task ReleaseOutputAsync(string outputKey, string jobId, CancellationToken cancellationToken = default)
    {
        var claimKey = ObjectKeys.OutputClaimKey(outputKey);
        try
        {
            await using var stream = await store.OpenReadAsync(claimKey, cancellationToken);
            using var reader = new StreamReader(stream);
            if (await reader.ReadToEndAsync(cancellationToken) != jobId)
            {
                return;
            }
        }
        catch (ObjectNotFoundException)
        {
            return;
        }

        await store.DeleteAsync(claimKey, cancellationToken);
    }

    public async IAsyncEnumerable<Job> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var info in store.ListAsync(ObjectKeys.JobsPrefix, cancellationToken))
        {
            // Event markers live below jobs/events/; only jobs/<id>.json are records.
            var name = info.Key[ObjectKeys.JobsPrefix.Length..];
            if (name.Contains('/', StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var read = await ReadRecordAsync(info.Key, b => JobJson.Deserialize(b), cancellationToken);
            if (read is not null)
            {
                yield return read.Value.Value;
            }
        }
    }

    private async Task<(T Value, string? ETag)?> ReadRecordAsync<T>(string key, Func<byte[], T> deserialize, CancellationToken cancellationToken) =>
        await store.ReadWithETagAsync(key, cancellationToken) is { } read ? (deserialize(read.Body), read.ETag) : null;
}
