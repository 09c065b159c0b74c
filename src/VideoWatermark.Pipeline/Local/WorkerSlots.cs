using Microsoft.Extensions.Options;
using VideoWatermark.Engine;

namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// What each worker of the local pool runs now: the pool marks a worker busy when it takes a unit of work from the
/// queue and idle when the run is over, whatever its outcome.
/// </summary>
public sealed class WorkerSlots : IWorkerSlots
{
    private readonly WorkerSlot[] slots;
    private readonly TimeProvider time;
    private readonly Lock gate = new();

    public WorkerSlots(PipelineOptions options, IOptions<EngineOptions> engine, TimeProvider time)
    {
        this.time = time;
        slots = [.. Enumerable.Range(1, options.EffectiveWorkers(engine.Value.MaxParallelEncodes)).Select(n => new WorkerSlot(n, null, null))];
    }

    public event Action? Changed;

    /// <summary>How many workers the pool has.</summary>
    public int Count => slots.Length;

    public IReadOnlyList<WorkerSlot> Snapshot()
    {
        lock (gate)
        {
            return [.. slots];
        }
    }

    /// <summary>Worker <paramref name="number"/> (from 1) took <paramref name="work"/>.</summary>
    public void Take(int number, WorkItem work) => Set(number, work, time.GetUtcNow());

    /// <summary>Worker <paramref name="number"/> is idle again.</summary>
    public void Release(int number) => Set(number, null, null);

    private void Set(int number, WorkItem? work, DateTimeOffset? since)
    {
        lock (gate)
        {
            slots[number - 1] = new WorkerSlot(number, work, since);
        }

        // A reader's handler runs on the worker's thread: whatever it does, it must not stop the worker.
        foreach (var handler in Changed?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action)handler)();
            }
            catch (Exception)
            {
            }
        }
    }
}
