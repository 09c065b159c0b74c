namespace VideoWatermark.Core.Jobs;

/// <summary>
/// Told by <see cref="JobStore"/> when a write moved a job into an end state (succeeded, failed or cancelled), right
/// after that write and whoever made it: the worker, the join of a split job, a sweep, a user's cancel. The job's
/// record is final before this runs; what this does must not fail or hold up the job, so it handles its own failures.
/// </summary>
public interface IJobEndObserver
{
    Task EndedAsync(Job job, JobStore jobs, CancellationToken cancellationToken);
}
