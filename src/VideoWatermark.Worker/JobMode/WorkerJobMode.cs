using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Pipeline;
using VideoWatermark.Pipeline.Execution;

namespace VideoWatermark.Worker.JobMode;

/// <summary>
/// The worker container's entry point: runs the one job its environment names against the bucket, keeping the job
/// record current, and exits 0 on success. SIGTERM (an ECS stop, a Spot interruption) puts the job back in the queue.
/// </summary>
public static class WorkerJobMode
{
    public const int Success = 0;
    public const int JobFailed = 1;
    public const int BadEnvironment = 2;
    public const int Interrupted = 3;
    public const int Cancelled = 4;

    public static async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            // Keep the process alive long enough to record the interruption; the run ends itself once cancelled.
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        // The configuration system reads the job's variables by their own names and turns VideoWatermark__X__Y into
        // VideoWatermark:X:Y, the names every other process uses.
        var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return await RunAsync(environment, Console.Error, stop.Token);
    }

    /// <param name="environment">The container's environment: the job variables and the agreed configuration names.</param>
    /// <param name="configure">Replaces services after the defaults are registered (tests shrink the free space probe).</param>
    public static async Task<int> RunAsync(IConfiguration environment, TextWriter console, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var (request, problems) = WorkerJobRequest.FromEnvironment(name => environment[name]);
        if (request is null)
        {
            await console.WriteLineAsync($"error: {string.Join(" ", problems)}");
            return BadEnvironment;
        }

        await using var services = BuildServices(request, environment, configure, out var launchProblem);
        if (launchProblem is not null)
        {
            await console.WriteLineAsync($"warning: the segments of a long video wait for the dispatcher's sweep: {launchProblem}");
        }

        var jobs = services.GetRequiredService<JobStore>();
        var recorded = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var outbox = services.GetRequiredService<EventOutbox>();
        outbox.Recorded += recorded.Enqueue;
        try
        {
            var jobId = await EnsureJobAsync(request, jobs, services.GetRequiredService<IObjectStore>(), cancellationToken);
            if (jobId is null)
            {
                await console.WriteLineAsync($"error: the video {new S3Path(request.Bucket, request.InputKey)} does not exist.");
                return JobFailed;
            }

            var executor = services.GetRequiredService<JobExecutor>();
            var result = request.Segment is { } segment
                ? await executor.RunSegmentAsync(jobId, segment, null, cancellationToken)
                : await executor.RunAsync(jobId, null, cancellationToken);
            await console.WriteLineAsync($"job {jobId}{(request.Segment is { } s ? $" segment {s}" : "")}: {result.Outcome.ToString().ToLowerInvariant()}: {result.Reason}");
            return result.Outcome switch
            {
                JobRunOutcome.Succeeded or JobRunOutcome.Split => Success,
                JobRunOutcome.Interrupted => Interrupted,
                JobRunOutcome.Cancelled => Cancelled,
                JobRunOutcome.Skipped => (await jobs.GetAsync(jobId, CancellationToken.None))?.State == JobState.Succeeded ? Success : Interrupted,
                _ => JobFailed,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.WriteLineAsync("error: stopped before the job started.");
            return Interrupted;
        }
        catch (StoreUnavailableException ex)
        {
            // The job record could not be read or written while the bucket was away; the dispatcher's sweep runs it again.
            await console.WriteLineAsync($"error: {ex.Message}");
            return Interrupted;
        }
        finally
        {
            outbox.Recorded -= recorded.Enqueue;
            await DeliverRecordedAsync(services, recorded);
        }
    }

    /// <summary>
    /// The events this run recorded get one attempt before the task exits (the job's record is final already, so this
    /// holds up no one); whatever is not delivered then, the portal's loop and the dispatcher's sweep deliver.
    /// </summary>
    private static async Task DeliverRecordedAsync(ServiceProvider services, IEnumerable<string> keys)
    {
        var delivery = services.GetRequiredService<EventDelivery>();
        using var deadline = new CancellationTokenSource(services.GetRequiredService<EventsOptions>().AttemptTimeout * 2);
        foreach (var key in keys)
        {
            try
            {
                await delivery.DeliverAsync(key, deadline.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                services.GetRequiredService<ILogger<EventDelivery>>().LogWarning("Event {Key} left for the next delivery pass: {Reason}", key, ex.Message);
                return;
            }
        }
    }

    private static ServiceProvider BuildServices(WorkerJobRequest request, IConfiguration environment, Action<IServiceCollection>? configure, out string? launchProblem)
    {
        // The container is configured by environment alone; the bucket comes from the job, S3 is the default store.
        // On AWS each segment of a long video gets a task of its own, so long videos are split by default.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["VideoWatermark:Storage:Kind"] = "S3",
                ["VideoWatermark:Pipeline:SplitAboveSeconds"] = PipelineOptions.AwsSplitAboveSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .AddConfiguration(environment)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["VideoWatermark:Storage:Bucket"] = request.Bucket })
            .Build();

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole(o => (o.SingleLine, o.IncludeScopes) = (true, true)).AddConfiguration(configuration.GetSection("Logging")));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddJobExecution(configuration);
        // The launcher that started this task handed over its ECS settings: the segments this run cuts start at once.
        services.AddWorkerLaunch(configuration, out launchProblem);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The job record this run works on. The dispatcher created it already; a container started by hand with only the
    /// original variables gets one made from them, so the portal and the lease monitor see it like any other.
    /// </summary>
    private static async Task<string?> EnsureJobAsync(WorkerJobRequest request, JobStore jobs, IObjectStore store, CancellationToken cancellationToken)
    {
        var input = await store.HeadAsync(request.InputKey, cancellationToken);
        var jobId = request.JobId;
        if (jobId is not null && await jobs.GetAsync(jobId, cancellationToken) is not null)
        {
            return jobId;
        }

        if (input is null)
        {
            return null;
        }

        jobId ??= JobIds.ForObject(request.Bucket, request.InputKey, $"{input.ETag ?? input.Size.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n{request.OutputKey}");
        var landed = ObjectCreated.Landed(request.Bucket, input);
        var created = await jobs.TryCreateAsync(
            Job.Queue(jobId, request.InputKey, request.OutputKey, request.Watermark, input.Size, landed.Version, "worker"), cancellationToken);

        if (!created && request.JobId is null)
        {
            // Started by hand again for the same video: a finished-badly job runs once more; a succeeded one stays done.
            await jobs.UpdateAsync(jobId, job => job.Can(JobTransition.Retry) ? job.Retry() : job, cancellationToken);
        }

        return jobId;
    }
}
