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
    Task<string> LaunchAsync(Job job, CancellationToken cancellationToken = default);
}

public sealed class LaunchFailedException(string reason, Exception? inner = null) : Exception(reason, inner);
