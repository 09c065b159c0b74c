using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// While a run lasts, writes its progress and a heartbeat to the job every few seconds, so the portal shows progress
/// and the lease monitor can tell a live worker from a dead one. Each write also reads the job back, which is how a
/// cancel request, or the job being handed to another attempt, reaches the run.
/// </summary>
internal sealed class HeartbeatWriter : IAsyncDisposable
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    private readonly Func<double, CancellationToken, Task<StopReason>> beat;
    private readonly LatestProgress progress;
    private readonly TimeSpan interval;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource run;
    private readonly CancellationTokenSource loop = new();
    private readonly Task task;
    private int stopReason;
    private int disposed;

    private HeartbeatWriter(Func<double, CancellationToken, Task<StopReason>> beat, LatestProgress progress, TimeSpan interval, TimeProvider time, ILogger logger, CancellationTokenSource run)
    {
        this.beat = beat;
        this.progress = progress;
        this.interval = interval;
        this.time = time;
        this.logger = logger;
        this.run = run;
        task = Task.Run(LoopAsync);
    }

    public StopReason StopReason => (StopReason)Volatile.Read(ref stopReason);

    /// <summary>Starts beating; cancels <paramref name="run"/> when the job asks the run to stop.</summary>
    public static HeartbeatWriter Start(JobStore jobs, string jobId, int attempt, LatestProgress progress, TimeSpan interval, TimeProvider time, ILogger logger, CancellationTokenSource run) =>
        new(
            async (percent, cancellationToken) =>
            {
                var job = await jobs.UpdateAsync(jobId, j => j.IsRunningAttempt(attempt) ? progress.RecordPhases(j.Beat(percent, time.GetUtcNow())) : j, cancellationToken);
                return job is null || !job.IsRunningAttempt(attempt) ? StopReason.Superseded
                    : job.CancelRequested ? StopReason.CancelRequested
                    : StopReason.None;
            },
            progress, interval, time, logger, run);

    /// <summary>
    /// Beats segment <paramref name="index"/>'s own record; the job's record is only read, to see a cancel or the job
    /// ending (another segment failed), which stops this segment too.
    /// </summary>
    public static HeartbeatWriter StartSegment(JobStore jobs, string jobId, int index, int attempt, LatestProgress progress, TimeSpan interval, TimeProvider time, ILogger logger, CancellationTokenSource run) =>
        new(
            async (percent, cancellationToken) =>
            {
                var segment = await jobs.UpdateSegmentAsync(jobId, index, s => s.IsRunningAttempt(attempt) ? s.Beat(percent, time.GetUtcNow()) : s, cancellationToken);
                if (segment is null || !segment.IsRunningAttempt(attempt))
                {
                    return StopReason.Superseded;
                }

                var job = await jobs.GetAsync(jobId, cancellationToken);
                return job is null || job.State.IsFinal() || job.CancelRequested ? StopReason.CancelRequested : StopReason.None;
            },
            progress, interval, time, logger, run);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        await loop.CancelAsync();
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }

        loop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!loop.IsCancellationRequested)
        {
            await Task.Delay(interval, time, loop.Token);
            try
            {
                var percent = Math.Round(progress.Value, 1);
                // A write is never abandoned half way (a store may not replace objects atomically); it gets its own deadline.
                using var deadline = new CancellationTokenSource(WriteTimeout);
                if (await beat(percent, deadline.Token) is var reason and not StopReason.None)
                {
                    Stop(reason);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A missed beat is not fatal; the lease allows for several.
                logger.LogWarning(ex, "Could not write the heartbeat");
            }
        }
    }

    private void Stop(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref stopReason, (int)reason, (int)StopReason.None) == (int)StopReason.None)
        {
            run.Cancel();
        }
    }
}
