using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Events;

/// <summary>
/// The outbox's records in the store. An event is created once (a conditional create: a second finisher, or the same
/// one run again, finds it there) and then only changed under its ETag, so two processes delivering at once never
/// lose each other's attempts.
/// </summary>
public sealed class EventOutbox(IObjectStore store)
{
    private const int MaxUpdateTries = 8;

    /// <summary>Raised in this process with the key of each event it recorded, so a delivery loop here starts at once.</summary>
    public event Action<string>? Recorded;

    /// <summary>Raised in this process with each record it changed (an attempt's outcome), for pages that show them.</summary>
    public event Action<OutboxRecord>? Changed;

    /// <summary>Records <paramref name="record"/>; false when an event of that id is there already.</summary>
    public async Task<bool> TryCreateAsync(OutboxRecord record, CancellationToken cancellationToken = default)
    {
        var key = ObjectKeys.OutboxKey(record.OccurredAt, record.EventId);
        // The look first also catches a second create on S3-compatible servers that ignore If-None-Match.
        if (await store.HeadAsync(key, cancellationToken) is not null)
        {
            return false;
        }

        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(record, OutboxJsonContext.Default.OutboxRecord));
        if (!await store.PutAsync(key, body, "application/json", PutCondition.MustNotExist, cancellationToken))
        {
            return false;
        }

        Recorded?.Invoke(key);
        return true;
    }

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) => store.HeadAsync(key, cancellationToken);

    public async Task<OutboxRecord?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ReadAsync(key, cancellationToken))?.Record;

    /// <summary>
    /// Applies <paramref name="change"/> to the current record and writes it back under its ETag, reading again when
    /// another process wrote first. <paramref name="change"/> returns null to leave the record alone (what it wanted to
    /// change is no longer so); then, and when there is no record, the result is null.
    /// </summary>
    public async Task<OutboxRecord?> UpdateAsync(string key, Func<OutboxRecord, OutboxRecord?> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await ReadAsync(key, cancellationToken) is not { } current || change(current.Record) is not { } next)
            {
                return null;
            }

            using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(next, OutboxJsonContext.Default.OutboxRecord));
            var condition = current.ETag is { } etag ? PutCondition.MustMatch(etag) : null;
            if (await store.PutAsync(key, body, "application/json", condition, cancellationToken))
            {
                Changed?.Invoke(next);
                return next;
            }

            if (attempt >= MaxUpdateTries)
            {
                throw new InvalidOperationException($"The event at '{key}' kept changing under us; gave up after {attempt} tries.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
        }
    }

    /// <summary>The records of the UTC days from <paramref name="since"/> to <paramref name="until"/>, as the store lists them.</summary>
    public async IAsyncEnumerable<ObjectInfo> ListAsync(DateTimeOffset since, DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var day = since.UtcDateTime.Date; day <= until.UtcDateTime.Date; day = day.AddDays(1))
        {
            await foreach (var info in store.ListAsync(ObjectKeys.OutboxDay(new DateTimeOffset(day, TimeSpan.Zero)), cancellationToken))
            {
                if (info.Key.EndsWith(".json", StringComparison.Ordinal))
                {
                    yield return info;
                }
            }
        }
    }

    /// <summary>
    /// Every event of <paramref name="job"/>, oldest first. Each attempt's end is recorded under the UTC day it
    /// happened, and a retried job may have ended on several days, so every day from the job's creation to its last
    /// write is looked at: one listing of the job's own prefix each, a few at a time.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRecord>> ForJobAsync(Job job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var first = job.FinishedAt is { } ended && ended < job.CreatedAt ? ended : job.CreatedAt;
        var last = job.FinishedAt is { } finished && finished > job.UpdatedAt ? finished : job.UpdatedAt;
        var days = new List<DateTimeOffset>();
        for (var day = first.UtcDateTime.Date; day <= last.UtcDateTime.Date; day = day.AddDays(1))
        {
            days.Add(new DateTimeOffset(day, TimeSpan.Zero));
        }

        var records = new ConcurrentBag<OutboxRecord>();
        await Parallel.ForEachAsync(days, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (day, ct) =>
        {
            var keys = new List<string>();
            await foreach (var info in store.ListAsync($"{ObjectKeys.OutboxDay(day)}{job.Id}-", ct))
            {
                keys.Add(info.Key);
            }

            foreach (var key in keys)
            {
                if (await GetAsync(key, ct) is { } record)
                {
                    records.Add(record);
                }
            }
        });

        return [.. records.OrderBy(r => r.OccurredAt).ThenBy(r => r.EventId, StringComparer.Ordinal)];
    }

    private async Task<(OutboxRecord Record, string? ETag)?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await store.HeadAsync(key, cancellationToken);
            if (head is null)
            {
                return null;
            }

            await using var stream = await store.OpenReadAsync(key, cancellationToken);
            var record = await JsonSerializer.DeserializeAsync(stream, OutboxJsonContext.Default.OutboxRecord, cancellationToken)
                ?? throw new JsonException($"The event at '{key}' is empty.");
            return (record, head.ETag);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxRecord))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
