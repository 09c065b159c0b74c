using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Dispatcher.Tests.Ecs;

/// <summary>
/// A burst of uploads against an ECS that is out of capacity and throttling at first: the real dispatch, the real
/// RunTask client, job records on s3rver, and the stand-in ECS endpoint checking every request's shape.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class BackPressureTests : IAsyncLifetime
{
    private const string Bucket = "burst";
    private const int Uploads = 60;
    private S3rverServer s3 = null!;
    private FakeEcsEndpoint ecs = null!;
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        s3 = await S3rverServer.StartAsync(Bucket);
        ecs = await FakeEcsEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ecs.DisposeAsync();
        await s3.DisposeAsync();
    }

    [Fact]
    public async Task Refusals_for_capacity_and_throttling_leave_jobs_queued_and_the_sweeps_launch_every_one()
    {
        var store = Store();
        var created = new List<ObjectCreated>();
        for (var i = 0; i < Uploads; i++)
        {
            var key = $"unprocessed-videos/clip-{i:000}.mp4";
            using (var body = new MemoryStream("video"u8.ToArray()))
            {
                Assert.True(await store.PutAsync(key, body, "video/mp4"));
            }

            var head = await store.HeadAsync(key);
            created.Add(new ObjectCreated(Bucket, key, head!.Size, head.ETag));
        }

        // More refusals than the first wave's retries can absorb, of every kind ECS answers a busy account with.
        ecs.FailNext("RESOURCE:CPU", times: 20);
        ecs.ThrottleNext(times: 20);
        ecs.FailNext("Capacity is unavailable at this time. Please try again later or in a different availability zone", times: 10);
        ecs.FailNext("RESOURCE:MEMORY", times: 10);
        ecs.FailNext("AGENT", times: 5);
        ecs.LimitExceededNext(times: 10);
        ecs.ServerErrorNext(times: 10);
        var dispatch = Dispatch(store);

        // As concurrent Lambda invocations would.
        var results = new List<DispatchResult>();
        await Parallel.ForEachAsync(created, new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (c, ct) =>
        {
            var result = await dispatch.HandleAsync(c, ct);
            lock (results)
            {
                results.Add(result);
            }
        });

        Assert.DoesNotContain(results, r => r.Outcome is DispatchOutcome.Failed);
        var postponed = results.Count(r => r.Outcome == DispatchOutcome.Postponed);
        Assert.True(postponed > 0, "the scripted refusals should have postponed some launches");
        Assert.Equal(Uploads - postponed, results.Count(r => r.Outcome == DispatchOutcome.Launched));
        Assert.All(await JobsAsync(store), job => Assert.Equal(JobState.Queued, job.State));

        // The scheduled sweep, a few minutes apart, until nothing is left unlaunched.
        for (var sweep = 0; sweep < 10 && (await JobsAsync(store)).Any(j => j.TaskId is null); sweep++)
        {
            time.Advance(TimeSpan.FromMinutes(5));
            var swept = await dispatch.SweepAsync();
            Assert.DoesNotContain(swept, r => r.Outcome is DispatchOutcome.Failed);
        }

        Assert.Equal(0, ecs.PendingAnswers);
        Assert.Empty(ecs.Problems);
        var jobs = await JobsAsync(store);
        Assert.Equal(Uploads, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal(JobState.Queued, job.State);
            Assert.Null(job.Error);
            Assert.Contains(job.TaskId, ecs.StartedTasks);
            // Waiting for capacity is no failed run: the launch went out as the job's first attempt.
            Assert.Equal(1, job.Attempts);
        });
        Assert.Equal(Uploads, ecs.StartedTasks.Count);
    }

    [Fact]
    public async Task A_sweep_that_meets_no_capacity_leaves_the_other_queued_jobs_for_the_next_one()
    {
        var store = Store();
        var dispatch = Dispatch(store);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var job = Job.Queue(JobIds.New(), $"unprocessed-videos/later-{i}.mp4", $"watermark-later-{i}.mp4", new(), 5, null, "s3");
            Assert.True(await new JobStore(store, time).TryCreateAsync(job));
            ids.Add(job.Id);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        ecs.FailNext("RESOURCE:CPU", times: 3);

        var first = await dispatch.SweepAsync();

        Assert.Equal(DispatchOutcome.Postponed, Assert.Single(first).Outcome);
        Assert.Equal(3, ecs.Calls.Count);
        Assert.Empty(ecs.StartedTasks);

        time.Advance(TimeSpan.FromMinutes(5));
        var second = await dispatch.SweepAsync();

        Assert.Equal(3, second.Count(r => r.Outcome == DispatchOutcome.Launched));
        Assert.Equal(3, ecs.StartedTasks.Count);
        Assert.All(await JobsAsync(store), job => Assert.Contains(job.TaskId, ecs.StartedTasks));
        Assert.Empty(ecs.Problems);
    }

    private DispatchService Dispatch(IObjectStore store)
    {
        var options = EcsLauncherTests.Options();
        options.MaxAttempts = 3;
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = FakeEcsEndpoint.Region,
            ["AWS_ENDPOINT_URL_ECS"] = ecs.Url.ToString(),
        };
        var client = new EcsRunTaskClient(new HttpClient(), options, NullLogger<EcsRunTaskClient>.Instance,
            name => environment.GetValueOrDefault(name), (_, _) => Task.CompletedTask);
        return new DispatchService(new JobStore(store, time), store, new EcsTaskLauncher(client, options, store),
            new DispatchOptions(), time, NullLogger<DispatchService>.Instance);
    }

    private S3ObjectStore Store() => S3ObjectStore.Create(
        new StorageOptions { Kind = StorageKind.S3, Bucket = Bucket, ServiceUrl = s3.Endpoint.ToString(), Region = S3rverServer.Region },
        new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey));

    private async Task<List<Job>> JobsAsync(IObjectStore store)
    {
        var jobs = new List<Job>();
        await foreach (var job in new JobStore(store, time).ListAsync())
        {
            jobs.Add(job);
        }

        return jobs;
    }
}
