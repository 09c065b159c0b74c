using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// Runs a call to the object store again when it failed the way an outage fails (no connection, a 5xx, a timeout, a
/// torn transfer): exponential waits with jitter, each retry logged. What retrying cannot fix (a missing object, a
/// full disk, a refused request) fails at once.
/// </summary>
internal sealed class StoreRetry
{
    private static readonly ResiliencePropertyKey<string> Operation = new("videowatermark.operation");

    private readonly ResiliencePipeline bounded;
    private readonly ResiliencePipeline untilDeadline;
    private readonly int attempts;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public StoreRetry(ExecutorOptions options, TimeProvider time, ILogger logger)
    {
        attempts = Math.Max(1, options.StoreAttempts);
        this.time = time;
        this.logger = logger;
        bounded = Build(attempts - 1, options, time);
        untilDeadline = Build(int.MaxValue, options, time);
    }

    /// <summary>Up to <see cref="ExecutorOptions.StoreAttempts"/> tries; then <see cref="StoreUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Operation, operation);
        try
        {
            return await bounded.ExecuteAsync(async c => await action(c.CancellationToken), context);
        }
        catch (Exception ex) when (ex is not OutputMismatchException && IsTransient(ex, cancellationToken))
        {
            var elapsed = time.GetElapsedTime(started);
            throw new StoreUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"The object store did not answer while {operation} ({attempts} tries over {elapsed.TotalSeconds:0} s): {FirstLine(ex)}"),
                ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task RunAsync(string operation, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        RunAsync<bool>(operation, async c =>
        {
            await action(c);
            return true;
        }, cancellationToken);

    /// <summary>Tries until <paramref name="cancellationToken"/> ends it: for the one write that records a run's result.</summary>
    public async Task<T> RunUntilCancelledAsync<T>(string operation, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Operation, operation);
        try
        {
            return await untilDeadline.ExecuteAsync(async c => await action(c.CancellationToken), context);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException($"The object store did not answer while {operation} before the deadline.", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Failures an unreachable or briefly broken store explains.</summary>
    public static bool IsTransient(Exception ex, CancellationToken cancellationToken)
    {
        if (NoSpace.Explains(ex))
        {
            return false;
        }

        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException:
                    // Ours means stop; anyone else's is a client timeout.
                    return !cancellationToken.IsCancellationRequested;
                case ObjectNotFoundException or StoreUnavailableException:
                    return false;
                case ObjectStoreUnavailableException or OutputMismatchException or HttpRequestException or SocketException or TimeoutException or IOException:
                    return true;
            }
        }

        return false;
    }

    private ResiliencePipeline Build(int retries, ExecutorOptions options, TimeProvider clock) =>
        new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex, args.Context.CancellationToken)),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.StoreRetryDelay,
                MaxDelay = options.StoreRetryMaxDelay,
                OnRetry = args =>
                {
                    var operation = args.Context.Properties.GetValue(Operation, "using the store");
                    logger.LogWarning(
                        "Store call failed while {Operation} ({Error}); try {Next} in {Delay:0.0} s",
                        operation,
                        FirstLine(args.Outcome.Exception!),
                        args.AttemptNumber + 2,
                        args.RetryDelay.TotalSeconds);
                    return default;
                },
            })
            .Build();

    private static string FirstLine(Exception ex)
    {
        var line = ex.Message.Split(['\r', '\n'], 2)[0].Trim();
        return line.Length > 0 ? line : ex.GetType().Name;
    }
}
