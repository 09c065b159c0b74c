using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoWatermark.Aws;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Engine;
using VideoWatermark.Pipeline.Dispatch;
using VideoWatermark.Pipeline.Drops;
using VideoWatermark.Pipeline.Events;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Launch;
using VideoWatermark.Pipeline.Local;
using VideoWatermark.Storage;

namespace VideoWatermark.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Everything that turns uploads into watermarked videos, in the one place that chooses where jobs run
    /// (<c>VideoWatermark:Pipeline:Kind</c>): Local runs them in this process (worker pool, store events, hot folder,
    /// lease monitor); Aws starts Fargate tasks, and S3 events reach the dispatcher Lambda instead.
    /// </summary>
    public static IServiceCollection AddVideoWatermarkPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        var options = PipelineOptions.From(configuration);
        if (options.Kind == PipelineKind.Aws && !string.Equals(configuration["VideoWatermark:Storage:Kind"], "S3", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("VideoWatermark:Pipeline:Kind Aws needs VideoWatermark:Storage:Kind S3: Fargate workers and S3 events cannot reach a store on this machine's disk.");
        }

        services.AddSingleton(options);
        services.AddSingleton(options.ToDispatchOptions());
        services.AddJobExecution(configuration);
        services.TryAddSingleton<DispatchService>();
        services.AddHostedService<WatermarkSeeder>();
        services.TryAddSingleton<LandedUploads>();
        services.AddDropDetection(configuration, poll: options.Kind == PipelineKind.Local);
        // Locally and on AWS alike: events recorded by this process go out at once, the workers' and the Lambda's
        // within a poll.
        services.AddEventDeliveryLoop();

        // On AWS the S3 event reaches the dispatcher Lambda, which also sweeps lost jobs: this process only launches
        // retries, with the Lambda's own ECS settings, checked when first needed.
        return options.Kind == PipelineKind.Aws ? services.AddEcsLaunch(configuration) : services.AddLocalPipeline();
    }

    /// <summary>What one attempt of a job needs, shared by the pipeline and the worker's job mode.</summary>
    public static IServiceCollection AddJobExecution(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddObjectStore(configuration);
        services.AddWebhookEvents(configuration);
        services.TryAddSingleton<SharedWorkCleanup>();
        // Every end this process writes records its events and, when it ends a batch, removes the batch's shared work.
        services.TryAddSingleton<IJobEndObserver>(sp => new JobEndObservers([sp.GetRequiredService<JobEvents>(), sp.GetRequiredService<SharedWorkCleanup>()]));
        services.TryAddSingleton<JobStore>();
        services.AddWatermarkEngine(configuration);
        // The settings also decide which services exist, so PipelineOptions.From reads and checks them at registration;
        // IOptions<PipelineOptions> is the same section for services resolved later, checked again on start.
        services.AddOptions<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.Section))
            .Validate(o => o.Problems().Count == 0, $"{PipelineOptions.Section} is not usable.")
            .ValidateOnStart();
        services.TryAddSingleton(PipelineOptions.From(configuration).ToExecutorOptions(StoreIdentity(configuration)));
        services.TryAddSingleton<IFreeSpaceProbe, DriveFreeSpaceProbe>();
        services.TryAddSingleton<JobExecutor>();
        return services;
    }

    private static IServiceCollection AddLocalPipeline(this IServiceCollection services)
    {
        services.AddSingleton<LocalJobQueue>();
        services.AddSingleton<WorkerSlots>();
        services.AddSingleton<IWorkerSlots>(sp => sp.GetRequiredService<WorkerSlots>());
        services.AddSingleton<LocalTaskLauncher>();
        services.AddSingleton<ITaskLauncher>(sp => sp.GetRequiredService<LocalTaskLauncher>());
        services.AddSingleton<IObjectCreatedListener, DispatchingListener>();

        // Started in this order: the watermark exists before any job runs, left-over jobs are queued before new ones.
        services.AddHostedService<JobRecovery>();
        services.AddHostedService<LocalWorkerPool>();
        services.AddHostedService<HotFolderWatcher>();
        services.AddHostedService<LeaseMonitor>();
        return services;
    }

    /// <summary>
    /// The worker container's launcher, for the segments of a long video it cuts. Every task a launcher starts carries
    /// the launcher's ECS settings (<see cref="EcsLauncherOptions.ToEnvironment"/>), so a worker the dispatcher or the
    /// portal started starts its segments' tasks at once, through the same launcher, with the same task definition
    /// revision. A worker without them (started by hand, or a half-set environment: <paramref name="problem"/> says
    /// which) starts none, and the dispatcher's sweep launches the segments.
    /// </summary>
    /// <returns>Whether segments are launched by this worker.</returns>
    public static bool AddWorkerLaunch(this IServiceCollection services, IConfiguration configuration, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(configuration[DispatcherEnvironment.Cluster]))
        {
            return false;
        }

        try
        {
            EcsLauncherOptions.FromEnvironment(name => configuration[name]);
        }
        catch (InvalidOperationException ex)
        {
            problem = ex.Message;
            return false;
        }

        services.AddEcsLaunch(configuration);
        return true;
    }

    /// <summary>
    /// The one wiring of ECS launches outside the Lambda (the portal in Aws mode, the worker container): the ECS settings
    /// under the dispatcher's variable names, the bucket's region, an endpoint named the way the SDKs name one, and the
    /// credentials the object store uses when some are registered (else the SDK's default chain).
    /// </summary>
    private static IServiceCollection AddEcsLaunch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEcsLauncher(sp =>
        {
            var options = EcsLauncherOptions.FromEnvironment(name => configuration[name]);
            // ECS runs in the bucket's region unless told otherwise; the SDK's AWS_REGION applies when neither is set.
            options.Region = configuration["VideoWatermark:Storage:Region"] ?? configuration["AWS_REGION"];
            options.ServiceUrl = EcsEndpoint.ConfiguredUrl(name => configuration[name]);
            options.Credentials = sp.GetService<AWSCredentials>();
            return options;
        });
        return services;
    }

    /// <summary>The embedded store's folder or the bucket, whichever this process uses.</summary>
    private static string StoreIdentity(IConfiguration configuration) =>
        string.Equals(configuration[$"{StorageOptions.Section}:Kind"], nameof(StorageKind.S3), StringComparison.OrdinalIgnoreCase)
            && configuration[$"{StorageOptions.Section}:Bucket"] is { Length: > 0 } bucket
            ? "s3:" + bucket
            : Path.GetFullPath(configuration[ObjectStoreServiceCollectionExtensions.DataDirKey] is { Length: > 0 } dir
                ? dir
                : ObjectStoreServiceCollectionExtensions.DefaultDataDir);
}
