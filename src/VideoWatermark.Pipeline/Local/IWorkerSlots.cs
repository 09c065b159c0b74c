namespace VideoWatermark.Pipeline.Local;

/// <summary>
/// A read-only view of the local worker pool: one entry per worker, saying what it runs now. The portal's Workers page
/// reads it; only the pool changes it.
/// </summary>
public interface IWorkerSlots
{
    /// <summary>Raised (on the worker's thread) when a worker takes a unit of work or puts one down.</summary>
    event Action? Changed;

    /// <summary>Every worker of the pool, numbered from 1, idle ones included.</summary>
    IReadOnlyList<WorkerSlot> Snapshot();
}

/// <summary>One worker of the local pool: idle (<see cref="Work"/> null) or running a job, or one segment of a split job.</summary>
/// <param name="Since">When the worker took <see cref="Work"/>.</param>
public sealed record WorkerSlot(int Number, WorkItem? Work, DateTimeOffset? Since)
{
    public bool IsIdle => Work is null;
}
