using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;

namespace VideoWatermark.Dispatcher.Tests.Ecs;

[Collection(ProcessEnvironment.Name)]
public sealed class EcsLauncherTests : IAsyncLifetime
{
    private const string Bucket = "videos-bucket";
    private FakeEcsEndpoint ecs = null!;
    private readonly List<TimeSpan> delays = [];

    public async Task InitializeAsync() => ecs = await FakeEcsEndpoint.StartAsync();

    public async Task DisposeAsync() => await ecs.DisposeAsync();

    [Fact]
    public async Task Launch_sends_a_signed_RunTask_that_carries_the_whole_job_and_returns_the_task_arn()
    {
        var job = NewJob(attempts: 2);

        var taskArn = await Launcher().LaunchAsync(job);

        Assert.Empty(ecs.Problems);
        var call = Assert.Single(ecs.Calls);
        Assert.Equal(Assert.Single(ecs.StartedTasks), taskArn);
        Assert.StartsWith($"arn:aws:ecs:{FakeEcsEndpoint.Region}:123456789012:task/video-cluster/", taskArn, StringComparison.Ordinal);

        var body = call.Body;
        Assert.Equal("video-cluster", body.GetProperty("cluster").GetString());
        Assert.Equal("watermark-worker:7", body.GetProperty("taskDefinition").GetString());
        Assert.Equal(1, body.GetProperty("count").GetInt32());
        Assert.Equal("FARGATE", body.GetProperty("launchType").GetString());
        Assert.False(body.TryGetProperty("capacityProviderStrategy", out _));
        Assert.Equal($"{job.Id}-2", body.GetProperty("clientToken").GetString());
        Assert.Equal(job.Id, body.GetProperty("startedBy").GetString());
        var vpc = body.GetProperty("networkConfiguration").GetProperty("awsvpcConfiguration");
        Assert.Equal(["subnet-aaa", "subnet-bbb"], vpc.GetProperty("subnets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["sg-123"], vpc.GetProperty("securityGroups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ENABLED", vpc.GetProperty("assignPublicIp").GetString());

        var environment = RunTaskRequestSyntax.Environment(body, "worker");
        Assert.Equal(WorkerEnvironment.All.Concat(WorkerEnvironment.LaunchSettings).Order(), environment.Keys.Order());
        Assert.Equal($"s3://{Bucket}/unprocessed-videos/clip one é.mp4", environment[WorkerEnvironment.InputVideoPath]);
        Assert.Equal("watermark-clip one é.mp4", environment[WorkerEnvironment.OutputVideoName]);
        Assert.Equal(Bucket, environment[WorkerEnvironment.OutputBucket]);
        Assert.Equal($"s3://{Bucket}/watermarks/logo.png", environment[WorkerEnvironment.WatermarkPath]);
        Assert.Equal(job.Id, environment[WorkerEnvironment.JobId]);
        Assert.Equal("bottom-right", environment[WorkerEnvironment.WatermarkPosition]);
        Assert.Equal("0.05", environment[WorkerEnvironment.WatermarkMargin]);
        Assert.Equal("0.25", environment[WorkerEnvironment.WatermarkScale]);
        Assert.Equal("0.8", environment[WorkerEnvironment.WatermarkOpacity]);
    }

    [Fact]
    public async Task A_segment_gets_a_task_of_its_own_per_attempt_with_its_index_beside_the_whole_job()
    {
        var job = NewJob(attempts: 1);
        var segment = new JobSegment { JobId = job.Id, Index = 7, Count = 12, Attempts = 2 };

        var first = await Launcher().LaunchSegmentAsync(job, segment);
        var retried = await Launcher().LaunchSegmentAsync(job, segment);
        var next = await Launcher().LaunchSegmentAsync(job, segment.Requeue());

        Assert.Empty(ecs.Problems);
        Assert.Equal(first, retried);
        Assert.NotEqual(first, next);
        Assert.Equal([$"{job.Id}-s007-2", $"{job.Id}-s007-2", $"{job.Id}-s007-3"], ecs.Calls.Select(c => c.Body.GetProperty("clientToken").GetString()));
        var environment = RunTaskRequestSyntax.Environment(ecs.Calls[0].Body, "worker");
        Assert.Equal(WorkerEnvironment.All.Concat(WorkerEnvironment.LaunchSettings).Append(WorkerEnvironment.SegmentIndex).Order(), environment.Keys.Order());
        Assert.Equal("7", environment[WorkerEnvironment.SegmentIndex]);
        Assert.Equal(job.Id, environment[WorkerEnvironment.JobId]);
    }

    [Fact]
    public async Task Fargate_spot_uses_a_capacity_provider_strategy_instead_of_a_launch_type()
    {
        var options = Options();
        options.CapacityProvider = EcsLauncherOptions.FargateSpot;
        options.AssignPublicIp = false;

        await Launcher(options).LaunchAsync(NewJob());

        Assert.Empty(ecs.Problems);
        var body = Assert.Single(ecs.Calls).Body;
        Assert.False(body.TryGetProperty("launchType", out _));
        var strategy = Assert.Single(body.GetProperty("capacityProviderStrategy").EnumerateArray());
        Assert.Equal("FARGATE_SPOT", strategy.GetProperty("capacityProvider").GetString());
        Assert.Equal("DISABLED", body.GetProperty("networkConfiguration").GetProperty("awsvpcConfiguration").GetProperty("assignPublicIp").GetString());
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_with_the_same_client_token_and_start_one_task()
    {
        ecs.ThrottleNext(times: 2);
        ecs.ServerErrorNext();

        var taskArn = await Launcher().LaunchAsync(NewJob());

        Assert.Empty(ecs.Problems);
        Assert.Equal(4, ecs.Calls.Count);
        Assert.Single(ecs.Calls.Select(c => c.Body.GetProperty("clientToken").GetString()).Distinct());
        Assert.Equal(Assert.Single(ecs.StartedTasks), taskArn);
        Assert.Equal(3, delays.Count);
        // Exponential with jitter: the n-th wait lies between half and all of 1 s * 2^(n-1).
        for (var n = 0; n < delays.Count; n++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Pow(2, n));
            Assert.InRange(delays[n], ceiling / 2, ceiling);
        }
    }

    [Fact]
    public async Task A_placement_failure_fails_the_launch_with_ecs_reason_without_retrying()
    {
        ecs.FailNext("MISSING", "The cluster was not found.");

        var error = await Assert.ThrowsAsync<LaunchFailedException>(() => Launcher().LaunchAsync(NewJob()));

        Assert.Contains("MISSING", error.Message, StringComparison.Ordinal);
        Assert.Contains("The cluster was not found.", error.Message, StringComparison.Ordinal);
        Assert.Single(ecs.Calls);
        Assert.Empty(ecs.StartedTasks);
        Assert.Empty(delays);
    }

    [Theory]
    [InlineData("RESOURCE:CPU")]
    [InlineData("RESOURCE:MEMORY")]
    [InlineData("AGENT")]
    public async Task A_placement_failure_that_passes_with_time_is_retried_then_succeeds(string reason)
    {
        ecs.FailNext(reason);

        var taskArn = await Launcher().LaunchAsync(NewJob());

        Assert.Equal(2, ecs.Calls.Count);
        Assert.Equal(Assert.Single(ecs.StartedTasks), taskArn);
        Assert.Empty(ecs.Problems);
    }

    [Fact]
    public async Task A_quota_error_is_retried_then_succeeds()
    {
        ecs.LimitExceededNext();

        var taskArn = await Launcher().LaunchAsync(NewJob());

        Assert.Equal(2, ecs.Calls.Count);
        Assert.Equal(Assert.Single(ecs.StartedTasks), taskArn);
    }

    [Fact]
    public async Task Missing_fargate_capacity_is_retried_then_succeeds()
    {
        ecs.FailNext("Capacity is unavailable at this time. Please try again later or in a different availability zone", times: 2);

        var taskArn = await Launcher().LaunchAsync(NewJob());

        Assert.Equal(3, ecs.Calls.Count);
        Assert.Equal(Assert.Single(ecs.StartedTasks), taskArn);
    }

    [Fact]
    public async Task Throttling_past_the_last_attempt_postpones_the_launch_with_the_reason()
    {
        var options = Options();
        options.MaxAttempts = 3;
        ecs.ThrottleNext(times: 5);

        var error = await Assert.ThrowsAsync<LaunchPostponedException>(() => Launcher(options).LaunchAsync(NewJob()));

        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("ThrottlingException: Rate exceeded", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, ecs.Calls.Count);
        Assert.Equal(2, delays.Count);
        Assert.Empty(ecs.StartedTasks);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_signature_check()
    {
        var options = Options();
        options.Credentials = new BasicAWSCredentials(FakeEcsEndpoint.AccessKey, "not-the-secret");

        var error = await Assert.ThrowsAsync<LaunchFailedException>(() => Launcher(options).LaunchAsync(NewJob()));

        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not match", Assert.Single(ecs.Problems), StringComparison.Ordinal);
        Assert.Empty(ecs.StartedTasks);
    }

    [Fact]
    public async Task Session_credentials_send_a_signed_security_token()
    {
        var options = Options();
        options.Credentials = new SessionAWSCredentials(FakeEcsEndpoint.AccessKey, FakeEcsEndpoint.SecretKey, "session-token-from-the-lambda-role");

        await Launcher(options).LaunchAsync(NewJob());

        Assert.Empty(ecs.Problems);
        Assert.Equal("session-token-from-the-lambda-role", Assert.Single(ecs.Calls).SecurityToken);
        Assert.Single(ecs.StartedTasks);
    }

    [Fact]
    public async Task Credentials_come_from_the_sdk_default_chain_when_none_are_given()
    {
        var options = Options();
        options.Credentials = null;
        var before = (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeEcsEndpoint.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeEcsEndpoint.SecretKey);
        try
        {
            await Launcher(options).LaunchAsync(NewJob());
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", before.Item1);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", before.Item2);
        }

        Assert.Empty(ecs.Problems);
        Assert.Single(ecs.StartedTasks);
    }

    [Theory]
    [InlineData("FARGATE", true, "subnet-0a1b2c3d4e5f60718", "subnet-0b1c2d3e4f5061728")]
    [InlineData("FARGATE_SPOT", false, "subnet-0a1b2c3d4e5f60718", "subnet-0a1b2c3d4e5f60718")]
    public void The_settings_handed_to_a_worker_read_back_as_the_same_settings(string capacity, bool publicIp, string subnet1, string subnet2)
    {
        var options = new EcsLauncherOptions
        {
            Cluster = "arn:aws:ecs:eu-central-1:123456789012:cluster/videowatermark",
            TaskDefinition = "arn:aws:ecs:eu-central-1:123456789012:task-definition/videowatermark-worker:12",
            ContainerName = "worker",
            Subnets = [subnet1, subnet2],
            SecurityGroups = ["sg-0a1b2c3d4e5f60718"],
            AssignPublicIp = publicIp,
            CapacityProvider = capacity,
        };

        var handed = options.ToEnvironment().ToDictionary(v => v.Key, v => v.Value);
        var read = EcsLauncherOptions.FromEnvironment(name => handed.GetValueOrDefault(name));

        Assert.Equal(WorkerEnvironment.LaunchSettings.Order(), handed.Keys.Order());
        Assert.Equal(
            (options.Cluster, options.TaskDefinition, options.ContainerName, options.AssignPublicIp, options.CapacityProvider),
            (read.Cluster, read.TaskDefinition, read.ContainerName, read.AssignPublicIp, read.CapacityProvider));
        Assert.Equal(options.Subnets.Distinct(), read.Subnets);
        Assert.Equal(options.SecurityGroups, read.SecurityGroups);
    }

    [Fact]
    public void An_unconfigured_launcher_names_what_is_missing()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new EcsTaskLauncher(Client(Options()), new EcsLauncherOptions { Cluster = "c" }, Bucket));

        Assert.Contains("task definition", error.Message, StringComparison.Ordinal);
        Assert.Contains("container name", error.Message, StringComparison.Ordinal);
        Assert.Contains("subnet", error.Message, StringComparison.Ordinal);
    }

    private EcsTaskLauncher Launcher(EcsLauncherOptions? options = null)
    {
        options ??= Options();
        return new EcsTaskLauncher(Client(options), options, Bucket);
    }

    private EcsRunTaskClient Client(EcsLauncherOptions options)
    {
        // AWS_ENDPOINT_URL points at a closed port: the ECS-specific variable must win, as it does in the SDKs.
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = FakeEcsEndpoint.Region,
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/",
            ["AWS_ENDPOINT_URL_ECS"] = ecs.Url.ToString(),
        };
        return new EcsRunTaskClient(new HttpClient(), options, NullLogger<EcsRunTaskClient>.Instance,
            name => environment.GetValueOrDefault(name),
            (delay, _) =>
            {
                delays.Add(delay);
                return Task.CompletedTask;
            });
    }

    internal static EcsLauncherOptions Options() => new()
    {
        Cluster = "video-cluster",
        TaskDefinition = "watermark-worker:7",
        ContainerName = "worker",
        Subnets = ["subnet-aaa", "subnet-bbb"],
        SecurityGroups = ["sg-123"],
        Credentials = new BasicAWSCredentials(FakeEcsEndpoint.AccessKey, FakeEcsEndpoint.SecretKey),
    };

    private static Job NewJob(int attempts = 1) => new()
    {
        Id = JobIds.New(),
        State = JobState.Queued,
        InputKey = "unprocessed-videos/clip one é.mp4",
        OutputKey = "watermark-clip one é.mp4",
        Watermark = new WatermarkSpec { Image = "watermarks/logo.png", Position = Anchor.BottomRight, Margin = 0.05, Scale = 0.25, Opacity = 0.8 },
        Attempts = attempts,
    };
}
