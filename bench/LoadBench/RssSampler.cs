namespace LoadBench;

/// <summary>Samples a process's VmRSS and VmHWM from /proc every few milliseconds, remembering the peak per phase.</summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Dictionary<string, long> peaks = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private string phase = "before";

    public RssSampler(int pid, TimeSpan interval)
    {
        this.pid = pid;
        Baseline = Read().Rss;
        Phase("before");
        loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                Sample();
            }
        });
    }

    public long Baseline { get; }

    public void Phase(string name)
    {
        lock (peaks)
        {
            phase = name;
            if (!peaks.ContainsKey(name))
            {
                peaks[name] = 0;
                order.Add(name);
            }
        }

        Sample();
    }

    public IReadOnlyList<(string Phase, long Peak)> Peaks()
    {
        lock (peaks)
        {
            return [.. order.Select(p => (p, peaks[p]))];
        }
    }

    public (long Rss, long Hwm) Read()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kb(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kb(line);
            }
        }

        return (rss, hwm);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private void Sample()
    {
        var rss = Read().Rss;
        lock (peaks)
        {
            peaks[phase] = Math.Max(peaks[phase], rss);
        }
    }

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
