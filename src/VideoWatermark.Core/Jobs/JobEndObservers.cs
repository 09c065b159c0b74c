namespace VideoWatermark.Core.Jobs;

/// <summary>
/// Several <see cref="IJobEndObserver"/>s as the one a <see cref="JobStore"/> tells, in order; one's failure does not
/// keep the others from being told.
/// </summary>
public sealed class JobEndObservers(IReadOnlyList<IJobEndObserver> observers) : IJobEndObserver
{
    public async Task EndedAsync(Job job, JobStore jobs, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await Isolated(() => observer.EndedAsync(job, jobs, cancellationToken), cancellationToken);
        }
    }

    public DateTimeOffset? CatchUpSince(DateTimeOffset now) =>
        observers.Select(o => o.CatchUpSince(now)).Where(s => s is not null).Min();

    public async Task CatchUpAsync(IReadOnlyList<Job> jobs, JobStore store, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await Isolated(() => observer.CatchUpAsync(jobs, store, cancellationToken), cancellationToken);
        }
    }

    private static async Task Isolated(Func<Task> tell, CancellationToken cancellationToken)
    {
        try
        {
            await tell();
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Each observer logs its own failures (IJobEndObserver's contract); the next one is still told.
        }
    }
}
