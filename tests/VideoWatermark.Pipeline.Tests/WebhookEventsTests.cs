using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Http;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// Events out through the local pipeline: real jobs (a short generated clip, real ffmpeg) end, their events go to a
/// receiver on 127.0.0.1, signed, at least once, across a receiver that is down and a restart of the process.
/// </summary>
public sealed class WebhookEventsTests : IDisposable
{
    private const string Secret = "whsec-test-4f1c";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_succeeded_job_reaches_a_receiver_that_was_down_for_the_first_attempt_signed()
    {
        using var receiver = new WebhookReceiver();
        await using var pipeline = await StartAsync(receiver);
        await pipeline.Store.UploadAsync("unprocessed-videos/clip.mp4", await Clips.GetAsync());
        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(JobState.Succeeded, job.State);

        // The receiver is down: the first attempt fails and is recorded with its reason and the next try.
        var outbox = pipeline.Services.GetRequiredService<EventOutbox>();
        var failed = await Eventually.WaitAsync(
            async () => (await outbox.ForJobAsync(job)).SingleOrDefault(r => r.Deliveries[0].Attempts.Count > 0),
            TimeSpan.FromSeconds(30),
            () => "no failed attempt recorded");
        var first = failed.Deliveries[0].Attempts[0];
        Assert.Null(first.Status);
        Assert.NotNull(first.Error);
        Assert.NotNull(first.NextAttemptAt);
        Assert.Empty(receiver.Requests);

        receiver.Start();
        var got = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, "job.succeeded"));
        Assert.Equal("job.succeeded", got.Type);
        Assert.True(got.SignedWith(Secret), $"signature {got.Signature} does not check out");
        Assert.Equal($"{job.Id}-1-succeeded", got.Json.GetProperty("id").GetString());
        Assert.Equal(job.Id, got.Data.GetProperty("jobId").GetString());
        Assert.Equal("succeeded", got.Data.GetProperty("state").GetString());
        Assert.Equal(job.OutputKey, got.Data.GetProperty("outputKey").GetString());
        Assert.Equal(job.OutputSha256, got.Data.GetProperty("sha256").GetString());
        Assert.Equal($"https://portal.example.com/api/jobs/{job.Id}/download", got.Data.GetProperty("downloadUrl").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, got.Data.GetProperty("batchId").ValueKind);

        // The delivery is recorded as such, with every attempt.
        var delivered = await Eventually.WaitAsync(
            async () => (await outbox.ForJobAsync(job)).Single() is { Settled: true } r ? r : null,
            TimeSpan.FromSeconds(30),
            () => "the delivery was not recorded");
        Assert.NotNull(delivered.Deliveries[0].DeliveredAt);
        Assert.Equal(204, delivered.Deliveries[0].Attempts[^1].Status);
        Assert.True(delivered.Deliveries[0].Attempts.Count >= 2);
    }

    [Fact]
    public async Task A_failed_job_sends_job_failed_with_its_error()
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var pipeline = await StartAsync(receiver);
        await pipeline.Store.PutAsync("unprocessed-videos/broken.mp4", new MemoryStream(new byte[4096]), "video/mp4");

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(JobState.Failed, job.State);
        var got = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, "job.failed"));
        Assert.Equal("job.failed", got.Type);
        Assert.True(got.SignedWith(Secret));
        Assert.Equal(job.Error, got.Data.GetProperty("error").GetString());
        Assert.Equal("failed", got.Data.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, got.Data.GetProperty("outputKey").ValueKind);
    }

    [Fact]
    public async Task A_pending_event_is_delivered_by_the_next_process_over_the_same_store()
    {
        using var receiver = new WebhookReceiver();
        Job job;
        await using (var first = await StartAsync(receiver))
        {
            await first.Store.UploadAsync("unprocessed-videos/restart.mp4", await Clips.GetAsync());
            job = Assert.Single(await first.AllFinishedAsync(1));
            var outbox = first.Services.GetRequiredService<EventOutbox>();
            await Eventually.UntilAsync(
                async () => (await outbox.ForJobAsync(job)).Any(r => r.Deliveries[0].Attempts.Count > 0),
                TimeSpan.FromSeconds(30),
                () => "no attempt before the restart");
        }

        receiver.Start();
        await using var second = await StartAsync(receiver);
        var got = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, "the event after the restart"));
        Assert.Equal($"{job.Id}-1-succeeded", got.Json.GetProperty("id").GetString());
        Assert.True(got.SignedWith(Secret));
    }

    [Fact]
    public async Task A_batch_sends_each_jobs_event_and_batch_completed_once_to_the_webhook_and_its_callback()
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var pipeline = await StartAsync(receiver);
        var now = DateTimeOffset.UtcNow;
        var batchId = JobIds.New();
        var ids = new[] { JobIds.New(), JobIds.New(), JobIds.New() };
        var batch = new Batch
        {
            Id = batchId,
            Owner = "local",
            FileName = "cut.mp4",
            InputKey = "unprocessed-videos/cut.mp4",
            TemplateName = "screener",
            TemplateVersion = 1,
            CallbackUrl = receiver.Url("/batch-hook"),
            Recipients = [.. ids.Select((id, i) => new BatchRecipient(i + 1, new Dictionary<string, string> { ["recipient"] = $"R{i}" }, id, $"watermark-cut-r{i}.mp4"))],
        };
        Assert.True(await new BatchStore(pipeline.Store, TimeProvider.System).TryCreateAsync(batch));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var job = Job.Queue(id, batch.InputKey, $"watermark-cut-r{i}.mp4", new WatermarkSpec(), 1000, null, "local") with { BatchId = batchId };
            Assert.True(await pipeline.Jobs.TryCreateAsync(job));
            await pipeline.Jobs.UpdateAsync(id, j => j.Start("test", now));
        }

        // Two end, then the third fails: batch.completed follows the last, once, even when a job's end is told again.
        await pipeline.Jobs.UpdateAsync(ids[0], j => j.Succeed(10, "aa", now.AddSeconds(1)));
        await pipeline.Jobs.UpdateAsync(ids[1], j => j.Succeed(10, "bb", now.AddSeconds(2)));
        var last = await pipeline.Jobs.UpdateAsync(ids[2], j => j.Fail("ffmpeg said no", now.AddSeconds(3)));
        await pipeline.Services.GetRequiredService<IJobEndObserver>().EndedAsync(last!, pipeline.Jobs, CancellationToken.None);

        var all = await receiver.WaitForAsync(r => r.Count >= 8, "3 job events and batch.completed, each at both targets");
        foreach (var path in new[] { "/hook", "/batch-hook" })
        {
            var here = all.Where(r => r.Path == path).ToList();
            Assert.All(here, r => Assert.True(r.SignedWith(Secret)));
            Assert.Equal(2, here.Count(r => r.Type == "job.succeeded"));
            Assert.Equal(1, here.Count(r => r.Type == "job.failed"));
            var completed = Assert.Single(here, r => r.Type == "batch.completed");
            Assert.Equal(batchId, completed.Data.GetProperty("batchId").GetString());
            Assert.Equal("failed", completed.Data.GetProperty("state").GetString());
            Assert.Equal("1 of 3 copies failed.", completed.Data.GetProperty("error").GetString());
            Assert.Equal(now.AddSeconds(3), completed.Json.GetProperty("occurredAt").GetDateTimeOffset());
            Assert.All(here.Where(r => r.Type != "batch.completed"), r => Assert.Equal(batchId, r.Data.GetProperty("batchId").GetString()));
        }

        // Nothing more comes: every record is settled, and a pass finds nothing due.
        Assert.Equal(0, await pipeline.Services.GetRequiredService<EventDelivery>().DeliverDueAsync(CancellationToken.None));
        Assert.Equal(8, receiver.Requests.Count);
    }

    private Task<PipelineHost> StartAsync(WebhookReceiver receiver) => PipelineHost.StartAsync(
        folder,
        ("VideoWatermark:Events:WebhookUrls", receiver.Url()),
        ("VideoWatermark:Events:WebhookSecret", Secret),
        ("VideoWatermark:Events:AllowPrivateTargets", "true"),
        ("VideoWatermark:Events:PublicUrl", "https://portal.example.com/"),
        ("VideoWatermark:Events:FirstRetrySeconds", "0.5"),
        ("VideoWatermark:Events:MaxRetrySeconds", "1"),
        ("VideoWatermark:Events:PollSeconds", "0.5"),
        ("VideoWatermark:Events:AttemptTimeoutSeconds", "5"));
}
