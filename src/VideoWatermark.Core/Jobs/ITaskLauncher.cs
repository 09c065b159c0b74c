namespace VideoWatermark.Core.Jobs;

/// <summary>
/// Starts a worker for a queued job. ECS RunTask on AWS; the in-process worker pool on one machine. Chosen by
/// configuration in one place.
/// </summary>
public interface ITaskLauncher
{
    /// <summary>
    /// Starts the worker and returns its task id (an ECS task ARN, or "local"). Idempotent per
    /// (<paramref name="job"/> id, attempt): a retried call starts no second task.
    /// </summary>
    /// <exception cref="LaunchFailedException">The launch was refused for good; the message says why.</exception>
    /// <exception cref="LaunchPostponedException">No capacity or quota right now: the job stays queued for a later try.</exception>
    Task<string> LaunchAsync(Job job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a worker for one segment of split job <paramref name="job"/> and returns its task id. Idempotent per
    /// (job id, segment, the segment's attempt): each segment's run is its own task.
    /// </summary>
    /// <exception cref="LaunchFailedException">The launch was refused for good, or this launcher runs no segments.</exception>
    /// <exception cref="LaunchPostponedException">No capacity right now: the segment stays queued for a later try.</exception>
    Task<string> LaunchSegmentAsync(Job job, JobSegment segment, CancellationToken cancellationToken = default) =>
        throw new LaunchFailedException($"{GetType().Name} cannot start segment workers.");
}

public sealed class LaunchFailedException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// The launcher could not start a worker yet (no capacity, a quota, throttling) and gave up retrying for now: the job
/// is fine and stays queued, and the next sweep launches it.
/// </summary>
public sealed class LaunchPostponedException(string reason, Exception? inner = null) : Exception(reason, inner);
