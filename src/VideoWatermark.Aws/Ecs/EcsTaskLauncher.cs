using System.Globalization;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;

namespace VideoWatermark.Aws.Ecs;

/// <summary>
/// Starts one Fargate task per job run. The whole job travels as container environment overrides, so the worker
/// container needs nothing else to run it.
/// </summary>
public sealed class EcsTaskLauncher : ITaskLauncher
{
    private readonly EcsRunTaskClient client;
    private readonly EcsLauncherOptions options;
    private readonly string bucket;

    /// <param name="bucket">The pipeline's bucket: inputs, watermarks and outputs all live there.</param>
    public EcsTaskLauncher(EcsRunTaskClient client, EcsLauncherOptions options, string bucket)
    {
        var problems = options.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The ECS launcher is not configured: " + string.Join(" ", problems));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        this.client = client;
        this.options = options;
        this.bucket = bucket;
    }

    public EcsTaskLauncher(EcsRunTaskClient client, EcsLauncherOptions options, IObjectStore store)
        : this(client, options, store.Bucket)
    {
    }

    public Task<string> LaunchAsync(Job job, CancellationToken cancellationToken = default) =>
        client.RunTaskAsync(CreateRequest(job), cancellationToken);

    /// <summary>One task per segment run: its own client token, the job's environment plus the segment's index.</summary>
    public Task<string> LaunchSegmentAsync(Job job, JobSegment segment, CancellationToken cancellationToken = default) =>
        client.RunTaskAsync(CreateSegmentRequest(job, segment), cancellationToken);

    public EcsRunTaskRequest CreateSegmentRequest(Job job, JobSegment segment)
    {
        var request = CreateRequest(job);
        var environment = Environment(job);
        environment.Add(new(WorkerEnvironment.SegmentIndex, segment.Index.ToString(CultureInfo.InvariantCulture)));
        return request with
        {
            Overrides = new EcsTaskOverride([new EcsContainerOverride(options.ContainerName, environment)]),
            ClientToken = SegmentClientToken(job, segment),
        };
    }

    /// <summary>Per segment and attempt (at most 38 characters of ECS's 64): a retried RunTask starts nothing new, the segment's next attempt does.</summary>
    public static string SegmentClientToken(Job job, JobSegment segment) =>
        string.Create(CultureInfo.InvariantCulture, $"{job.Id}-s{segment.Index:D3}-{segment.Attempts}");

    /// <summary>The RunTask request for this run of <paramref name="job"/>.</summary>
    public EcsRunTaskRequest CreateRequest(Job job)
    {
        var spot = options.CapacityProvider == EcsLauncherOptions.FargateSpot;
        return new EcsRunTaskRequest
        {
            Cluster = options.Cluster,
            TaskDefinition = options.TaskDefinition,
            Count = 1,
            LaunchType = spot ? null : "FARGATE",
            CapacityProviderStrategy = spot ? [new EcsCapacityProviderStrategyItem(EcsLauncherOptions.FargateSpot)] : null,
            NetworkConfiguration = new EcsNetworkConfiguration(new EcsAwsVpcConfiguration(
                [.. options.Subnets.Where(s => !string.IsNullOrWhiteSpace(s))],
                [.. options.SecurityGroups.Where(s => !string.IsNullOrWhiteSpace(s))],
                options.AssignPublicIp ? "ENABLED" : "DISABLED")),
            Overrides = new EcsTaskOverride([new EcsContainerOverride(options.ContainerName, Environment(job))]),
            // The job id (26 characters of [0-9a-z]) fits startedBy, so ListTasks --started-by finds a job's tasks.
            StartedBy = job.Id,
            // One token per run: a retried RunTask for this run starts nothing new, the next attempt starts a new task.
            ClientToken = ClientToken(job),
        };
    }

    public static string ClientToken(Job job) => $"{job.Id}-{job.Attempts.ToString(CultureInfo.InvariantCulture)}";

    private List<EcsKeyValuePair> Environment(Job job)
    {
        var spec = job.Watermark;
        return
        [
            new(WorkerEnvironment.InputVideoPath, new S3Path(bucket, job.InputKey).ToString()),
            new(WorkerEnvironment.OutputVideoName, job.OutputKey),
            new(WorkerEnvironment.OutputBucket, bucket),
            new(WorkerEnvironment.WatermarkPath, new S3Path(bucket, spec.Image).ToString()),
            new(WorkerEnvironment.JobId, job.Id),
            new(WorkerEnvironment.WatermarkPosition, spec.Position.ToName()),
            new(WorkerEnvironment.WatermarkMargin, Number(spec.Margin)),
            new(WorkerEnvironment.WatermarkScale, Number(spec.Scale)),
            new(WorkerEnvironment.WatermarkOpacity, Number(spec.Opacity)),
            .. options.ToEnvironment().Select(v => new EcsKeyValuePair(v.Key, v.Value)),
        ];
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
