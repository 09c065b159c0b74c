using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// The data folder's <c>unprocessed-videos/</c> as a hot folder: a video copied there by hand (not through the store)
/// starts a job once it has stopped growing. A file system watcher notices files quickly; a periodic listing catches
/// what it misses (and what arrived while the application was down).
/// </summary>
public sealed class HotFolderWatcher(
    IObjectStore store,
    JobStore jobs,
    DispatchService dispatch,
    PipelineOptions options,
    TimeProvider time,
    ILogger<HotFolderWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, byte> touched = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Observation> watching = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStamp> handled = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not DiskObjectStore disk)
        {
            logger.LogInformation("No hot folder: the object store is not on local disk");
            return;
        }

        var folder = Path.Combine(disk.Root, ObjectKeys.UnprocessedPrefix.TrimEnd('/'));
        Directory.CreateDirectory(folder);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite };
        watcher.Created += (_, e) => touched[e.FullPath] = 0;
        watcher.Changed += (_, e) => touched[e.FullPath] = 0;
        watcher.Renamed += (_, e) => touched[e.FullPath] = 0;
        watcher.Error += (_, e) => logger.LogWarning(e.GetException(), "The hot folder watcher overflowed; the next scan catches up");
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Hot folder: {Folder}", folder);

        var settle = TimeSpan.FromSeconds(options.HotFolderSettleSeconds);
        var scanEvery = TimeSpan.FromSeconds(options.HotFolderScanSeconds);
        var lastScan = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                if (now - lastScan >= scanEvery)
                {
                    lastScan = now;
                    foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                    {
                        touched[path] = 0;
                    }
                }

                await CheckAsync(disk, now, settle, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "The hot folder check failed; trying again");
            }

            await Task.Delay(Tick, time, stoppingToken);
        }
    }

    private async Task CheckAsync(DiskObjectStore disk, DateTimeOffset now, TimeSpan settle, CancellationToken cancellationToken)
    {
        foreach (var path in touched.Keys)
        {
            touched.TryRemove(path, out _);
            if (disk.TryGetKey(path, out var key) && ObjectKeys.IsTrigger(key))
            {
                watching.TryAdd(path, new Observation(key, FileStamp.Of(path), now));
            }
        }

        List<(string Path, string Key, FileStamp Stamp)> ready = [];
        foreach (var (path, seen) in watching.ToList())
        {
            var stamp = FileStamp.Of(path);
            if (stamp is null)
            {
                watching.Remove(path);
                handled.Remove(path);
            }
            else if (stamp != seen.Stamp)
            {
                watching[path] = seen with { Stamp = stamp, Since = now };
            }
            else if (now - seen.Since >= settle)
            {
                watching.Remove(path);
                if (!handled.TryGetValue(path, out var done) || done != stamp)
                {
                    ready.Add((path, seen.Key, stamp));
                }
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        var known = await LatestJobByInputAsync(cancellationToken);
        foreach (var (path, key, stamp) in ready)
        {
            handled[path] = stamp;

            // The store already dispatched what it wrote itself; only a file newer than every job for its key is new.
            if (known.TryGetValue(key, out var created) && created >= stamp.Written)
            {
                continue;
            }

            var result = await dispatch.HandleAsync(new ObjectCreated(store.Bucket, key, stamp.Size, null, $"file-{stamp.Written.UtcTicks:x}-{stamp.Size:x}"), cancellationToken);
            logger.LogInformation("Hot folder {Key}: {Outcome} {JobId}. {Detail}", key, result.Outcome, result.JobId, result.Detail);
        }
    }

    private async Task<Dictionary<string, DateTimeOffset>> LatestJobByInputAsync(CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var job in jobs.ListAsync(cancellationToken))
        {
            // A job announced before its upload landed is not evidence that the upload was dispatched.
            if (job.State != JobState.Pending && (!latest.TryGetValue(job.InputKey, out var seen) || job.CreatedAt > seen))
            {
                latest[job.InputKey] = job.CreatedAt;
            }
        }

        return latest;
    }

    private sealed record Observation(string Key, FileStamp? Stamp, DateTimeOffset Since);

    /// <summary>Size and the later of write and birth time: a copy that kept its old write time is still new.</summary>
    private sealed record FileStamp(long Size, DateTimeOffset Written)
    {
        public static FileStamp? Of(string path)
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            var written = info.LastWriteTimeUtc > info.CreationTimeUtc ? info.LastWriteTimeUtc : info.CreationTimeUtc;
            return new FileStamp(info.Length, new DateTimeOffset(written, TimeSpan.Zero));
        }
    }
}
