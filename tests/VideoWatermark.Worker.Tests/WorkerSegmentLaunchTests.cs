using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;
using VideoWatermark.Dispatcher.Tests.Ecs;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Storage;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.S3;
using VideoWatermark.Worker.JobMode;

namespace VideoWatermark.Worker.Tests;

/// <summary>
/// On AWS the worker that cuts a long video starts its segments' Fargate tasks itself, right after writing their
/// records, through the dispatcher's own launcher and RunTask client, here against the stand-in ECS endpoint (which
/// checks the SigV4 signature and the documented request syntax of every call) and a real S3-compatible server.
/// </summary>
public sealed class WorkerSegmentLaunchTests(S3rverServer s3) : IClassFixture<S3rverServer>, IAsyncLifetime
{
    private static readonly AWSCredentials Credentials = new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey);

    private readonly TempFolder folder = new();
    private FakeEcsEndpoint ecs = null!;

    public async Task InitializeAsync() =>
        ecs = await FakeEcsEndpoint.StartAsync(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey, S3rverServer.Region);

    public async Task DisposeAsync()
    {
        await ecs.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task The_cutting_worker_starts_one_task_per_segment_at_once_and_the_sweep_starts_none_again()
    {
        await using var bucket = Bucket();
        var store = bucket.GetRequiredService<IObjectStore>();
        var jobs = bucket.GetRequiredService<JobStore>();
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "lecture.mp4");
        await store.UploadAsync(input, LongClip(folder.Combine("lecture.mp4")));
        await using (var image = DefaultWatermark.OpenRead())
        {
            await store.PutAsync(ObjectKeys.DefaultWatermarkKey, image, "image/png");
        }

        // The job as the dispatcher leaves it, and the task it started with the dispatcher's own overrides: the job
        // and the launcher's ECS settings.
        Assert.True(await jobs.TryCreateAsync(new Job
        {
            Id = id,
            State = JobState.Queued,
            InputKey = input,
            OutputKey = ObjectKeys.OutputKey(input),
            FileName = "lecture.mp4",
            Watermark = new WatermarkSpec(),
            Attempts = 1,
            TaskId = "arn:aws:ecs:us-east-1:123456789012:task/videowatermark/0123456789abcdef",
        }));
        var dispatcher = LauncherOptions();
        var dispatched = new EcsTaskLauncher(Client(dispatcher), dispatcher, s3.Bucket).CreateRequest((await jobs.GetAsync(id))!);
        var environment = Assert.Single(dispatched.Overrides.ContainerOverrides).Environment.ToDictionary(e => e.Name, e => (string?)e.Value);
        Assert.Equal(s3.Bucket, environment[WorkerEnvironment.OutputBucket]);
        environment["VideoWatermark:Storage:ServiceUrl"] = s3.Endpoint.ToString().TrimEnd('/');
        environment["VideoWatermark:Storage:ForcePathStyle"] = "true";
        environment["VideoWatermark:Storage:Region"] = S3rverServer.Region;
        environment["VideoWatermark:Pipeline:WorkDir"] = folder.Combine("work");
        environment["VideoWatermark:Pipeline:HeartbeatSeconds"] = "0.3";
        environment["VideoWatermark:Pipeline:SplitAboveSeconds"] = "4";
        environment["VideoWatermark:Pipeline:SegmentSeconds"] = "2.5";
        environment["VideoWatermark:Engine:Preset"] = "ultrafast";
        environment[EcsEndpoint.ServiceEndpointVariable] = ecs.Url.ToString();
        var console = new StringWriter();

        var exit = await WorkerJobMode.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(environment).Build(), console, CancellationToken.None,
            services => services.AddSingleton(Credentials));

        Assert.True(exit == WorkerJobMode.Success, console.ToString());
        var job = (await jobs.GetAsync(id))!;
        Assert.True(job.AwaitsSegments, $"the job is {JobStates.Name(job.State)}, not split: {console}");
        var segments = await jobs.GetSegmentsAsync(id);
        Assert.Equal(3, segments.Count);

        // One RunTask per segment, as AWS documents the call and signed as AWS checks it, each its own client token.
        Assert.Empty(ecs.Problems);
        Assert.Equal(3, ecs.Calls.Count);
        Assert.Equal(
            [$"{id}-s000-1", $"{id}-s001-1", $"{id}-s002-1"],
            ecs.Calls.Select(c => c.Body.GetProperty("clientToken").GetString()).Order(StringComparer.Ordinal));
        foreach (var call in ecs.Calls)
        {
            Assert.Equal(dispatcher.Cluster, call.Body.GetProperty("cluster").GetString());
            Assert.Equal(dispatcher.TaskDefinition, call.Body.GetProperty("taskDefinition").GetString());
            Assert.Equal("FARGATE", call.Body.GetProperty("launchType").GetString());
            Assert.Equal(id, call.Body.GetProperty("startedBy").GetString());
            var vpc = call.Body.GetProperty("networkConfiguration").GetProperty("awsvpcConfiguration");
            Assert.Equal(dispatcher.Subnets, vpc.GetProperty("subnets").EnumerateArray().Select(s => s.GetString()!));
            Assert.Equal(dispatcher.SecurityGroups, vpc.GetProperty("securityGroups").EnumerateArray().Select(s => s.GetString()!));
            var overrides = RunTaskRequestSyntax.Environment(call.Body, "worker");
            Assert.Equal(WorkerEnvironment.All.Concat(WorkerEnvironment.LaunchSettings).Append(WorkerEnvironment.SegmentIndex).Order(StringComparer.Ordinal), overrides.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(id, overrides[WorkerEnvironment.JobId]);
            Assert.Equal(dispatcher.TaskDefinition, overrides[DispatcherEnvironment.TaskDefinition]);
        }

        Assert.Equal(
            ["0", "1", "2"],
            ecs.Calls.Select(c => RunTaskRequestSyntax.Environment(c.Body, "worker")[WorkerEnvironment.SegmentIndex]).Order(StringComparer.Ordinal));
        Assert.Equal(3, ecs.StartedTasks.Count);
        Assert.All(segments, s => Assert.Equal(JobState.Queued, s.State));
        Assert.All(segments, s => Assert.Contains(s.TaskId, ecs.StartedTasks));

        // The dispatcher's next sweep finds every segment launched: it starts nothing.
        var sweep = new DispatchService(jobs, store, new EcsTaskLauncher(Client(dispatcher), dispatcher, s3.Bucket), new DispatchOptions(), TimeProvider.System, NullLogger<DispatchService>.Instance);
        var swept = await sweep.SweepAsync();

        Assert.DoesNotContain(swept, r => r.JobId == id && r.Outcome == DispatchOutcome.Launched);
        Assert.Equal(3, ecs.Calls.Count);
        Assert.Equal(3, ecs.StartedTasks.Count);
    }

    [Fact]
    public async Task A_worker_without_launch_settings_leaves_the_segments_to_the_sweep()
    {
        await using var bucket = Bucket();
        var store = bucket.GetRequiredService<IObjectStore>();
        var jobs = bucket.GetRequiredService<JobStore>();
        var input = $"unprocessed-videos/{Guid.NewGuid():N}.mp4";
        await store.UploadAsync(input, LongClip(folder.Combine("hand.mp4")));
        await using (var image = DefaultWatermark.OpenRead())
        {
            await store.PutAsync(ObjectKeys.DefaultWatermarkKey, image, "image/png");
        }

        // Started by hand with the original four variables and half of the launch settings: it says why it starts
        // nothing, cuts the video all the same, and the sweep (here the stand-in's) starts the segments.
        var environment = new Dictionary<string, string?>
        {
            [WorkerEnvironment.InputVideoPath] = $"s3://{s3.Bucket}/{input}",
            [WorkerEnvironment.OutputVideoName] = $"watermark-{Guid.NewGuid():N}.mp4",
            [WorkerEnvironment.OutputBucket] = s3.Bucket,
            [WorkerEnvironment.WatermarkPath] = $"s3://{s3.Bucket}/{ObjectKeys.DefaultWatermarkKey}",
            [DispatcherEnvironment.Cluster] = "videowatermark",
            ["VideoWatermark:Storage:ServiceUrl"] = s3.Endpoint.ToString().TrimEnd('/'),
            ["VideoWatermark:Storage:ForcePathStyle"] = "true",
            ["VideoWatermark:Storage:Region"] = S3rverServer.Region,
            ["VideoWatermark:Pipeline:WorkDir"] = folder.Combine("work"),
            ["VideoWatermark:Pipeline:SplitAboveSeconds"] = "4",
            ["VideoWatermark:Pipeline:SegmentSeconds"] = "2.5",
            ["VideoWatermark:Engine:Preset"] = "ultrafast",
            [EcsEndpoint.ServiceEndpointVariable] = ecs.Url.ToString(),
        };
        var console = new StringWriter();

        var exit = await WorkerJobMode.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(environment).Build(), console, CancellationToken.None,
            services => services.AddSingleton(Credentials));

        Assert.True(exit == WorkerJobMode.Success, console.ToString());
        Assert.Contains($"wait for the dispatcher's sweep: Missing required environment variables: {DispatcherEnvironment.TaskDefinition}", console.ToString(), StringComparison.Ordinal);
        Assert.Empty(ecs.Calls);
        var job = Assert.Single(await jobs.ListAsync().Where(j => j.InputKey == input).ToListAsync());
        Assert.True(job.AwaitsSegments);

        var dispatcher = LauncherOptions();
        var sweep = new DispatchService(jobs, store, new EcsTaskLauncher(Client(dispatcher), dispatcher, s3.Bucket), new DispatchOptions(), TimeProvider.System, NullLogger<DispatchService>.Instance);
        var swept = await sweep.SweepAsync();

        Assert.Equal(3, swept.Count(r => r.JobId == job.Id && r.Outcome == DispatchOutcome.Launched));
        Assert.Empty(ecs.Problems);
        Assert.Equal(3, ecs.StartedTasks.Count);
    }

    /// <summary>8 s of 320x180 with a keyframe every second and an AAC track: cut into three at 2.5 s segments.</summary>
    private static string LongClip(string path)
    {
        MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=8",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=8",
            "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25",
            "-pix_fmt", "yuv420p", "-c:a", "aac", path);
        return path;
    }

    /// <summary>The dispatcher's launcher settings, as a stack sets them (the task definition an ARN with its revision).</summary>
    private static EcsLauncherOptions LauncherOptions() => new()
    {
        Cluster = "videowatermark",
        TaskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/videowatermark-worker:7",
        ContainerName = "worker",
        Subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-0b1c2d3e4f5061728"],
        SecurityGroups = ["sg-0a1b2c3d4e5f60718"],
    };

    private EcsRunTaskClient Client(EcsLauncherOptions options)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = S3rverServer.Region,
            [EcsEndpoint.ServiceEndpointVariable] = ecs.Url.ToString(),
        };
        options.Credentials = Credentials;
        return new EcsRunTaskClient(new HttpClient(), options, NullLogger<EcsRunTaskClient>.Instance, name => environment.GetValueOrDefault(name));
    }

    private ServiceProvider Bucket()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(s3.StorageSettings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Credentials);
        services.AddSingleton(TimeProvider.System);
        services.AddObjectStore(configuration);
        services.AddSingleton<JobStore>();
        return services.BuildServiceProvider();
    }
}
