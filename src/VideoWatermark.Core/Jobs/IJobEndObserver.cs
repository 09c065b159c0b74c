namespace VideoWatermark.Core.Jobs;

/// <summary>
/// Told by <see cref="JobStore"/> when a write moved a job into an end state (succeeded, failed or cancelled), right
/// after that write and whoever made it: the worker, the join of a split job, a sweep, a user's cancel. The job's
/// record is final before this runs; what this does must not fail or hold up the job, so it handles its own failures.
/// </summary>
public interface IJobEndObserver
{
    Task EndedAsync(Job job, JobStore jobs, CancellationToken cancellationToken);

    /// <summary>
    /// The earliest end a sweep hands to <see cref="CatchUpAsync"/> (older ends are past caring about), null when the
    /// observer wants none.
    /// </summary>
    DateTimeOffset? CatchUpSince(DateTimeOffset now) => null;

    /// <summary>
    /// Told by the dispatcher's sweep of the jobs it listed that ended since <see cref="CatchUpSince"/>, and of the
    /// unfinished jobs of batches, so it finishes what a process that died between a job's final write and
    /// <see cref="EndedAsync"/> left undone. Runs again at every sweep, so it must be cheap when nothing was lost and
    /// harmless when repeated.
    /// </summary>
    Task CatchUpAsync(IReadOnlyList<Job> jobs, JobStore store, CancellationToken cancellationToken) => Task.CompletedTask;
}
