using Microsoft.Extensions.Options;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Pipeline;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Keeps <see cref="JobIndex"/> current: loads every job at start, takes each change this process makes through
/// <see cref="JobStore.Changed"/>, and re-reads <c>jobs/</c> periodically when other processes write jobs (Aws mode).
/// </summary>
public sealed class JobIndexFeeder(
    JobStore store,
    IObjectStore objects,
    JobIndex index,
    IOptions<PortalOptions> options,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<JobIndexFeeder> logger) : BackgroundService
{
    private Dictionary<string, string> stamps = new(StringComparer.Ordinal);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Subscribe before the first read so no change made during it is missed.
        store.Changed += index.Upsert;
        store.Removed += index.Remove;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        store.Changed -= index.Upsert;
        store.Removed -= index.Remove;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ReloadAsync(stoppingToken);

        var seconds = options.Value.RefreshSeconds ?? (PipelineOptions.From(configuration).Kind == PipelineKind.Aws ? 5 : 0);
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await ReloadAsync(stoppingToken);
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Only records whose ETag changed since the last pass are read again: 10,000 jobs cost ten LIST calls,
            // not 10,000 GETs, every few seconds.
            var all = new List<Job>();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var info in objects.ListAsync(ObjectKeys.JobsPrefix, cancellationToken))
            {
                var name = info.Key[ObjectKeys.JobsPrefix.Length..];
                if (name.Contains('/', StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }

                var id = name[..^".json".Length];
                var stamp = info.ETag ?? $"{info.Size}:{info.LastModified.UtcTicks}";
                seen[id] = stamp;
                if (stamps.TryGetValue(id, out var known) && known == stamp && index.Find(id) is { } unchanged)
                {
                    all.Add(unchanged);
                }
                else if (await store.GetAsync(id, cancellationToken) is { } job)
                {
                    all.Add(job);
                }
            }

            stamps = seen;
            index.Load(all);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The dashboard keeps what it had; the next pass tries again.
            logger.LogWarning(ex, "Could not read the job records");
        }
    }
}
