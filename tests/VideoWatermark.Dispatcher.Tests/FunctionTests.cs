using System.Text;
using Amazon.Runtime;
using VideoWatermark.Core;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;
using VideoWatermark.Dispatcher.Tests.Ecs;
using VideoWatermark.Dispatcher.Tests.Events;
using VideoWatermark.Storage;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.Http;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Dispatcher.Tests;

/// <summary>
/// The Lambda as AWS runs it: <c>new Function()</c> configured only by environment variables, the real S3 adapter on
/// s3rver (reached through AWS_ENDPOINT_URL_S3) and the stand-in ECS endpoint (through AWS_ENDPOINT_URL_ECS), one
/// key pair for both as the Lambda's role would have.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class FunctionTests(FunctionTests.S3Buckets buckets) : IClassFixture<FunctionTests.S3Buckets>, IAsyncLifetime
{
    private readonly S3rverServer s3 = buckets.Server;
    private FakeEcsEndpoint ecs = null!;

    public async Task InitializeAsync() =>
        ecs = await FakeEcsEndpoint.StartAsync(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey, S3rverServer.Region);

    public async Task DisposeAsync() => await ecs.DisposeAsync();

    [Fact]
    public async Task Each_created_video_becomes_a_queued_job_with_the_default_watermark_and_a_task()
    {
        const string Bucket = "records";
        var holiday = await PutAsync(Bucket, "unprocessed-videos/my holiday clip.mp4");
        var cafe = await PutAsync(Bucket, "unprocessed-videos/café.mov");
        var notes = await PutAsync(Bucket, "unprocessed-videos/notes.txt");
        var output = await PutAsync(Bucket, "watermark-old.mp4");
        var eventJson = EventSamples.ObjectsCreated(Bucket,
            holiday with { EncodedKey = "unprocessed-videos/my+holiday+clip.mp4" },
            cafe with { EncodedKey = "unprocessed-videos/caf%C3%A9.mov", EventName = "ObjectCreated:CompleteMultipartUpload" },
            notes with { EncodedKey = "unprocessed-videos/notes.txt" },
            output with { EncodedKey = "watermark-old.mp4" },
            holiday with { EncodedKey = "unprocessed-videos/my+holiday+clip.mp4", EventName = "ObjectRemoved:Delete", Sequencer = "00FFFF" });

        var summary = await InvokeAsync(Bucket, eventJson);

        Assert.Equal((2, 0, 3, 0), (summary.Launched, summary.Duplicates, summary.Ignored, summary.Failed));
        Assert.Empty(ecs.Problems);
        Assert.Equal(2, ecs.StartedTasks.Count);

        var jobs = await JobsAsync(Bucket);
        Assert.Equal(2, jobs.Count);
        var first = Assert.Single(jobs, j => j.InputKey == "unprocessed-videos/my holiday clip.mp4");
        var second = Assert.Single(jobs, j => j.InputKey == "unprocessed-videos/café.mov");
        Assert.Equal("watermark-my holiday clip.mp4", first.OutputKey);
        Assert.Equal("watermark-café.mp4", second.OutputKey);
        foreach (var job in jobs)
        {
            Assert.Equal(JobState.Queued, job.State);
            Assert.Equal(ObjectKeys.DefaultWatermarkKey, job.Watermark.Image);
            Assert.Equal(new WatermarkSpec().Position, job.Watermark.Position);
            Assert.Equal(1, job.Attempts);
            Assert.Contains(job.TaskId, ecs.StartedTasks);
            Assert.Equal(5, job.InputSize);
        }

        var environment = RunTaskRequestSyntax.Environment(
            Assert.Single(ecs.Calls, c => c.Body.GetProperty("clientToken").GetString() == $"{first.Id}-1").Body, "worker");
        Assert.Equal($"s3://{Bucket}/unprocessed-videos/my holiday clip.mp4", environment[WorkerEnvironment.InputVideoPath]);
        Assert.Equal($"s3://{Bucket}/watermarks/watermark.png", environment[WorkerEnvironment.WatermarkPath]);
        Assert.Equal("watermark-my holiday clip.mp4", environment[WorkerEnvironment.OutputVideoName]);
        Assert.Equal(first.Id, environment[WorkerEnvironment.JobId]);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_starts_one_task()
    {
        const string Bucket = "duplicates";
        var clip = await PutAsync(Bucket, "unprocessed-videos/clip.mp4");
        var eventJson = EventSamples.ObjectsCreated(Bucket, clip);

        var first = await InvokeAsync(Bucket, eventJson);
        var again = await InvokeAsync(Bucket, eventJson);

        Assert.Equal((1, 0), (first.Launched, first.Duplicates));
        Assert.Equal((0, 1), (again.Launched, again.Duplicates));
        Assert.Equal(first.Records[0].JobId, again.Records[0].JobId);
        Assert.Single(ecs.Calls);
        Assert.Single(ecs.StartedTasks);
        var job = Assert.Single(await JobsAsync(Bucket));
        Assert.Equal(Assert.Single(ecs.StartedTasks), job.TaskId);
    }

    [Fact]
    public async Task The_documented_test_event_starts_nothing()
    {
        var summary = await InvokeAsync("test-event", EventSamples.Read("s3-test-event-documented.json"));

        Assert.Equal("s3-test", summary.Event);
        Assert.Equal(1, summary.Ignored);
        Assert.Empty(ecs.Calls);
        Assert.Empty(await JobsAsync("test-event"));
    }

    [Fact]
    public async Task A_refused_launch_fails_the_job_with_the_reason_ecs_gave()
    {
        const string Bucket = "refused";
        var clip = await PutAsync(Bucket, "unprocessed-videos/clip.mp4");
        ecs.FailNext("MISSING", "The referenced cluster was not found.");

        var summary = await InvokeAsync(Bucket, EventSamples.ObjectsCreated(Bucket, clip));

        Assert.Equal(1, summary.Failed);
        var job = Assert.Single(await JobsAsync(Bucket));
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("MISSING", job.Error, StringComparison.Ordinal);
        Assert.Contains("The referenced cluster was not found.", job.Error, StringComparison.Ordinal);
        Assert.Empty(ecs.StartedTasks);
    }

    [Fact]
    public async Task A_schedule_relaunches_a_job_whose_worker_never_started()
    {
        const string Bucket = "sweep";
        var jobs = new JobStore(Store(Bucket), TimeProvider.System);
        var lost = new Job
        {
            Id = JobIds.New(),
            State = JobState.Queued,
            InputKey = "unprocessed-videos/lost.mp4",
            OutputKey = "watermark-lost.mp4",
            Attempts = 1,
            TaskId = "arn:aws:ecs:us-east-1:123456789012:task/video-cluster/0000",
            CreatedAt = DateTimeOffset.UtcNow.AddHours(-1),
            UpdatedAt = DateTimeOffset.UtcNow.AddHours(-1),
        };
        // Written as the record would look after an hour in the queue; JobStore would stamp it with the current time.
        using (var body = new MemoryStream(JobJson.Serialize(lost)))
        {
            Assert.True(await Store(Bucket).PutAsync(ObjectKeys.JobKey(lost.Id), body, "application/json"));
        }

        var summary = await InvokeAsync(Bucket, EventSamples.Read("eventbridge-schedule-documented.json"));

        Assert.Equal("schedule", summary.Event);
        Assert.Equal(1, summary.Launched);
        var relaunched = await jobs.GetAsync(lost.Id);
        Assert.Equal(JobState.Queued, relaunched!.State);
        Assert.Equal(2, relaunched.Attempts);
        Assert.Equal(Assert.Single(ecs.StartedTasks), relaunched.TaskId);
        Assert.Equal($"{lost.Id}-2", Assert.Single(ecs.Calls).Body.GetProperty("clientToken").GetString());
    }

    [Fact]
    public async Task A_job_the_schedule_gives_up_sends_job_failed_from_the_lambda_signed()
    {
        const string Bucket = "events";
        using var receiver = new WebhookReceiver();
        receiver.Start();
        var gone = new Job
        {
            Id = JobIds.New(),
            State = JobState.Running,
            InputKey = "unprocessed-videos/gone.mp4",
            OutputKey = "watermark-gone.mp4",
            Attempts = 3,
            StartedAt = DateTimeOffset.UtcNow.AddHours(-2),
            HeartbeatAt = DateTimeOffset.UtcNow.AddHours(-2),
            CreatedAt = DateTimeOffset.UtcNow.AddHours(-2),
        };
        using (var body = new MemoryStream(JobJson.Serialize(gone)))
        {
            Assert.True(await Store(Bucket).PutAsync(ObjectKeys.JobKey(gone.Id), body, "application/json"));
        }

        var summary = await InvokeAsync(Bucket, EventSamples.Read("eventbridge-schedule-documented.json"), new()
        {
            ["VideoWatermark__Events__WebhookUrls"] = receiver.Url(),
            ["VideoWatermark__Events__WebhookSecret"] = "lambda-secret",
            ["VideoWatermark__Events__AllowPrivateTargets"] = "true",
        });

        Assert.Equal("schedule", summary.Event);
        var failed = await new JobStore(Store(Bucket), TimeProvider.System).GetAsync(gone.Id);
        Assert.Equal(JobState.Failed, failed!.State);
        // The same invocation recorded the event and delivered it: no portal runs here.
        var got = Assert.Single(receiver.Requests);
        Assert.Equal("job.failed", got.Type);
        Assert.True(got.SignedWith("lambda-secret"));
        Assert.Equal(failed.Error, got.Data.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_job_whose_worker_died_before_recording_its_event_gets_it_from_the_schedule_signed()
    {
        const string Bucket = "lost-events";
        using var receiver = new WebhookReceiver();
        receiver.Start();
        var ended = DateTimeOffset.UtcNow.AddMinutes(-7);
        // The worker's final write, and then nothing: it died before recording the job's event.
        var done = new Job
        {
            Id = JobIds.New(),
            State = JobState.Succeeded,
            InputKey = "unprocessed-videos/done.mp4",
            OutputKey = "watermark-done.mp4",
            Attempts = 1,
            OutputSha256 = "5a",
            CreatedAt = ended.AddMinutes(-3),
            StartedAt = ended.AddMinutes(-2),
            FinishedAt = ended,
        };
        using (var body = new MemoryStream(JobJson.Serialize(done)))
        {
            Assert.True(await Store(Bucket).PutAsync(ObjectKeys.JobKey(done.Id), body, "application/json"));
        }

        var webhooks = new Dictionary<string, string?>
        {
            ["VideoWatermark__Events__WebhookUrls"] = receiver.Url(),
            ["VideoWatermark__Events__WebhookSecret"] = "lambda-secret",
            ["VideoWatermark__Events__AllowPrivateTargets"] = "true",
        };
        await InvokeAsync(Bucket, EventSamples.Read("eventbridge-schedule-documented.json"), webhooks);

        var got = Assert.Single(receiver.Requests);
        Assert.Equal(("job.succeeded", $"{done.Id}-1-succeeded"), (got.Type, got.Json.GetProperty("id").GetString()));
        Assert.True(got.SignedWith("lambda-secret"));
        Assert.Equal("5a", got.Data.GetProperty("sha256").GetString());

        // The next schedule finds it recorded and delivered.
        await InvokeAsync(Bucket, EventSamples.Read("eventbridge-schedule-documented.json"), webhooks);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_portal_upload_whose_first_delivery_died_before_its_launch_is_launched_by_the_redelivery()
    {
        const string Bucket = "portal";
        var jobs = new JobStore(Store(Bucket), TimeProvider.System);
        var id = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(id, "Interview.mp4");
        var spec = new WatermarkSpec { Image = "watermarks/logo.png", Position = Anchor.TopLeft, Scale = 0.2 };
        Assert.True(await jobs.TryCreateAsync(new Job { Id = id, InputKey = key, OutputKey = ObjectKeys.OutputKey(key), Watermark = spec, Owner = "ana" }));
        var upload = await PutAsync(Bucket, key);
        // The first delivery claimed the job (recording the object version: the ETag, as s3rver keeps no versions),
        // then its Lambda died before RunTask.
        await jobs.UpdateAsync(id, j => j with { State = JobState.Queued, Attempts = 1, SourceVersion = upload.ETag });

        var summary = await InvokeAsync(Bucket, EventSamples.ObjectsCreated(Bucket, upload));

        Assert.Equal(1, summary.Launched);
        var job = await jobs.GetAsync(id);
        Assert.Equal(Assert.Single(ecs.StartedTasks), job!.TaskId);
        var environment = RunTaskRequestSyntax.Environment(Assert.Single(ecs.Calls).Body, "worker");
        Assert.Equal($"s3://{Bucket}/watermarks/logo.png", environment[WorkerEnvironment.WatermarkPath]);
        Assert.Equal("top-left", environment[WorkerEnvironment.WatermarkPosition]);
        Assert.Equal("0.2", environment[WorkerEnvironment.WatermarkScale]);
    }

    [Fact]
    public async Task A_batch_upload_starts_one_task_per_recipient_job_and_a_duplicate_event_starts_nothing()
    {
        const string Bucket = "batch";
        var jobs = new JobStore(Store(Bucket), TimeProvider.System);
        var batches = new BatchStore(Store(Bucket), TimeProvider.System);
        string[] names = ["Ana", "Bob", "Chen"];
        var ids = names.Select(_ => JobIds.New()).ToList();
        var key = ObjectKeys.PortalUploadKey(ids[0], "screener.mp4");
        var recipients = names.Select((n, i) => new BatchRecipient(i + 1, new Dictionary<string, string> { ["recipient"] = n }, ids[i], ObjectKeys.OutputKey(key, "", n))).ToList();
        var batch = new Batch { Id = JobIds.New(), Owner = "ana", FileName = "screener.mp4", InputKey = key, TemplateName = "screener", TemplateVersion = 1, Recipients = recipients };
        Assert.True(await batches.TryCreateAsync(batch));
        foreach (var recipient in recipients)
        {
            var job = Job.Announce(recipient.JobId, key, recipient.OutputKey, new WatermarkSpec(), 5, "ana") with
            {
                BatchId = batch.Id,
                Template = new JobTemplate("screener", 1, recipient.Values),
            };
            Assert.True(await jobs.TryCreateAsync(job));
        }

        var upload = await PutAsync(Bucket, key);
        var first = await InvokeAsync(Bucket, EventSamples.ObjectsCreated(Bucket, upload));
        var again = await InvokeAsync(Bucket, EventSamples.ObjectsCreated(Bucket, upload));

        Assert.Equal((1, 0), (first.Launched, first.Duplicates));
        Assert.Equal((0, 1), (again.Launched, again.Duplicates));
        Assert.Empty(ecs.Problems);
        Assert.Equal(3, ecs.Calls.Count);
        Assert.Equal(3, ecs.StartedTasks.Distinct().Count());
        Assert.Equal(ids.Select(id => $"{id}-1").Order(), ecs.Calls.Select(c => c.Body.GetProperty("clientToken").GetString()).Order());
        foreach (var recipient in recipients)
        {
            var job = await jobs.GetAsync(recipient.JobId);
            Assert.Equal((JobState.Queued, 1, key), (job!.State, job.Attempts, job.InputKey));
            Assert.Contains(job.TaskId, ecs.StartedTasks);
            var environment = RunTaskRequestSyntax.Environment(
                Assert.Single(ecs.Calls, c => c.Body.GetProperty("clientToken").GetString() == $"{job.Id}-1").Body, "worker");
            Assert.Equal(job.Id, environment[WorkerEnvironment.JobId]);
            Assert.Equal($"s3://{Bucket}/{key}", environment[WorkerEnvironment.InputVideoPath]);
        }
    }

    [Fact]
    public async Task A_batch_upload_under_the_batchs_own_key_starts_the_copies_left_when_the_first_was_cancelled_and_deleted()
    {
        const string Bucket = "batch-key";
        var jobs = new JobStore(Store(Bucket), TimeProvider.System);
        var batches = new BatchStore(Store(Bucket), TimeProvider.System);
        string[] names = ["Ana", "Bob", "Chen"];
        var ids = names.Select(_ => JobIds.New()).ToList();
        var batchId = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(batchId, "screener.mp4");
        var recipients = names.Select((n, i) => new BatchRecipient(i + 1, new Dictionary<string, string> { ["recipient"] = n }, ids[i], ObjectKeys.OutputKey(key, "", n))).ToList();
        Assert.True(await batches.TryCreateAsync(new Batch { Id = batchId, Owner = "ana", FileName = "screener.mp4", InputKey = key, TemplateName = "screener", TemplateVersion = 1, Recipients = recipients }));
        foreach (var recipient in recipients)
        {
            Assert.True(await jobs.TryCreateAsync(Job.Announce(recipient.JobId, key, recipient.OutputKey, new WatermarkSpec(), 5, "ana") with
            {
                BatchId = batchId,
                Template = new JobTemplate("screener", 1, recipient.Values),
            }));
        }

        await jobs.UpdateAsync(ids[0], j => j.CancelByUser(DateTimeOffset.UtcNow));
        await jobs.DeleteAsync(ids[0]);

        var upload = await PutAsync(Bucket, key);
        var summary = await InvokeAsync(Bucket, EventSamples.ObjectsCreated(Bucket, upload));

        Assert.Equal(1, summary.Launched);
        Assert.Empty(ecs.Problems);
        Assert.Equal(ids[1..].Select(id => $"{id}-1").Order(), ecs.Calls.Select(c => c.Body.GetProperty("clientToken").GetString()).Order());
        Assert.Null(await jobs.GetAsync(ids[0]));
        foreach (var id in ids[1..])
        {
            Assert.Equal((JobState.Queued, key), ((await jobs.GetAsync(id))!.State, (await jobs.GetAsync(id))!.InputKey));
        }
    }

    [Fact]
    public async Task When_s3_is_down_the_invocation_fails_after_every_record_and_the_redelivery_dispatches_them()
    {
        const string Bucket = "outage";
        var one = await PutAsync(Bucket, "unprocessed-videos/one.mp4");
        var two = await PutAsync(Bucket, "unprocessed-videos/two.mp4");
        var notes = await PutAsync(Bucket, "unprocessed-videos/notes.txt");
        var eventJson = EventSamples.ObjectsCreated(Bucket, one, notes, two);

        await s3.StopAsync();
        var error = await Assert.ThrowsAsync<DispatchIncompleteException>(() => InvokeAsync(Bucket, eventJson));
        await s3.RestartAsync();

        Assert.StartsWith("2 of 3 records failed and will be delivered again", error.Message, StringComparison.Ordinal);
        Assert.Contains("unprocessed-videos/one.mp4", error.Message, StringComparison.Ordinal);
        Assert.Contains("unprocessed-videos/two.mp4", error.Message, StringComparison.Ordinal);
        Assert.Empty(ecs.Calls);

        var redelivered = await InvokeAsync(Bucket, eventJson);

        Assert.Equal((2, 1), (redelivered.Launched, redelivered.Ignored));
        Assert.Equal(2, ecs.StartedTasks.Count);
        Assert.All(await JobsAsync(Bucket), job => Assert.Contains(job.TaskId, ecs.StartedTasks));
    }

    [Fact]
    public async Task A_split_job_gets_one_task_per_segment_each_with_its_own_client_token_and_a_duplicate_event_starts_nothing()
    {
        const string Bucket = "split";
        var clip = await PutAsync(Bucket, "unprocessed-videos/lecture.mp4");
        var eventJson = EventSamples.ObjectsCreated(Bucket, clip);
        var created = await InvokeAsync(Bucket, eventJson);
        Assert.Equal(1, created.Launched);
        var job = Assert.Single(await JobsAsync(Bucket));
        var planTask = Assert.Single(ecs.StartedTasks);

        // That task's worker found the video long and cut it in three, as the executor does: a record per segment,
        // then the job says it is split (its segments' workers are the Lambda's to start: the worker starts none).
        var jobs = new JobStore(Store(Bucket), TimeProvider.System);
        await jobs.UpdateAsync(job.Id, j => j.Start(planTask, DateTimeOffset.UtcNow));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await jobs.TryCreateSegmentAsync(new JobSegment
            {
                JobId = job.Id,
                Index = i,
                Count = 3,
                FirstFrame = i * 50,
                FrameCount = 50,
                StartSeconds = i * 2,
                EndSeconds = (i + 1) * 2,
                CutFrom = i == 0 ? null : (i * 2) - 0.02,
                CutTo = i == 2 ? null : ((i + 1) * 2) - 0.02,
            }));
        }

        await jobs.UpdateAsync(job.Id, j => j.Split(3, 0, DateTimeOffset.UtcNow));
        var schedule = EventSamples.Read("eventbridge-schedule-documented.json");

        var swept = await InvokeAsync(Bucket, schedule);

        Assert.Equal(3, swept.Launched);
        Assert.Empty(ecs.Problems);
        var segmentCalls = ecs.Calls.Skip(1).ToList();
        Assert.Equal(
            [$"{job.Id}-s000-1", $"{job.Id}-s001-1", $"{job.Id}-s002-1"],
            segmentCalls.Select(c => c.Body.GetProperty("clientToken").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["0", "1", "2"],
            segmentCalls.Select(c => RunTaskRequestSyntax.Environment(c.Body, "worker")[WorkerEnvironment.SegmentIndex]).Order(StringComparer.Ordinal));
        Assert.All(segmentCalls, c => Assert.Equal(job.Id, RunTaskRequestSyntax.Environment(c.Body, "worker")[WorkerEnvironment.JobId]));
        Assert.Equal(4, ecs.StartedTasks.Count);
        var segments = await jobs.GetSegmentsAsync(job.Id);
        Assert.All(segments, s => Assert.Contains(s.TaskId, ecs.StartedTasks));
        Assert.Equal(3, segments.Select(s => s.TaskId).Distinct().Count());
        Assert.DoesNotContain(planTask, segments.Select(s => s.TaskId));

        // The upload's event delivered again, and the next schedule, start nothing new.
        var again = await InvokeAsync(Bucket, eventJson);
        var sweptAgain = await InvokeAsync(Bucket, schedule);

        Assert.Equal((0, 1), (again.Launched, again.Duplicates));
        Assert.Equal(0, sweptAgain.Launched);
        Assert.Equal(4, ecs.Calls.Count);
        Assert.Equal(4, ecs.StartedTasks.Count);
        Assert.Equal(JobState.Running, (await jobs.GetAsync(job.Id))!.State);
    }

    [Fact]
    public void A_cold_start_without_configuration_names_the_missing_variables()
    {
        var environment = Environment(bucket: "records");
        environment["CLUSTER"] = null;
        environment["WATERMARK_PATH"] = null;
        using var scope = new EnvironmentScope(environment);

        var error = Assert.Throws<InvalidOperationException>(() => new Function());

        Assert.Contains("Missing required environment variables: CLUSTER, WATERMARK_PATH.", error.Message, StringComparison.Ordinal);
    }

    private async Task<DispatchSummary> InvokeAsync(string bucket, string eventJson, Dictionary<string, string?>? extra = null)
    {
        var environment = Environment(bucket);
        foreach (var (name, value) in extra ?? [])
        {
            environment[name] = value;
        }

        using var scope = new EnvironmentScope(environment);
        var function = new Function();
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(eventJson));
        await using var output = await function.Handle(input);
        using var buffer = new MemoryStream();
        await output.CopyToAsync(buffer);
        return DispatchSummary.FromJson(buffer.ToArray());
    }

    private Dictionary<string, string?> Environment(string bucket) => new()
    {
        ["CLUSTER"] = "video-cluster",
        ["TASK_DEFINITION"] = "watermark-worker:3",
        ["CONTAINER_NAME"] = "worker",
        ["ECS_SUBNET_1"] = "subnet-aaa",
        ["ECS_SUBNET_2"] = "subnet-bbb",
        ["ECS_SECURITY_GROUP"] = "sg-123",
        ["WATERMARK_PATH"] = $"s3://{bucket}/watermarks/watermark.png",
        ["AWS_REGION"] = S3rverServer.Region,
        ["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretAccessKey,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_ENDPOINT_URL_S3"] = s3.Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_ECS"] = ecs.Url.ToString(),
    };

    private S3ObjectStore Store(string bucket) => S3ObjectStore.Create(
        new StorageOptions { Kind = StorageKind.S3, Bucket = bucket, ServiceUrl = s3.Endpoint.ToString(), Region = S3rverServer.Region },
        new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey));

    /// <summary>Writes a small object and returns what S3 would put in its event.</summary>
    private async Task<S3Object> PutAsync(string bucket, string key)
    {
        var store = Store(bucket);
        using (var body = new MemoryStream("video"u8.ToArray()))
        {
            Assert.True(await store.PutAsync(key, body, "video/mp4"));
        }

        var head = await store.HeadAsync(key);
        return new S3Object(key, head!.Size, head.ETag!.Trim('"'), Convert.ToHexString(Guid.NewGuid().ToByteArray())[..18]);
    }

    private async Task<List<Job>> JobsAsync(string bucket)
    {
        var jobs = new List<Job>();
        await foreach (var job in new JobStore(Store(bucket), TimeProvider.System).ListAsync())
        {
            jobs.Add(job);
        }

        return jobs;
    }

    /// <summary>One s3rver for the class, a bucket per test, so no test sees another's jobs.</summary>
    public sealed class S3Buckets : IAsyncLifetime
    {
        public S3rverServer Server { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Server = await S3rverServer.StartAsync("records", "duplicates", "test-event", "refused", "sweep", "portal", "outage", "split", "batch", "batch-key", "events", "lost-events");

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
