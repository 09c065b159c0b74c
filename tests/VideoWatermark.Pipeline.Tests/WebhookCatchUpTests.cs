using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Http;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// Events that the normal path does not make: an end whose process died between the job's final write and recording
/// its event (here: the end written by a job store that tells no one) is recorded by the dispatcher's sweep; and a
/// batch that completes again after a retried copy ends sends a new <c>batch.completed</c>.
/// </summary>
public sealed class WebhookCatchUpTests : IDisposable
{
    private const string Secret = "whsec-test-77ab";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_end_whose_event_was_never_recorded_is_recorded_by_the_sweep_once()
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var pipeline = await StartAsync(receiver);
        var dying = new JobStore(pipeline.Store, TimeProvider.System);
        var ended = DateTimeOffset.UtcNow.AddMinutes(-5);
        var id = JobIds.New();
        Assert.True(await pipeline.Jobs.TryCreateAsync(Job.Queue(id, "unprocessed-videos/lost.mp4", "watermark-lost.mp4", new WatermarkSpec(), 1000, null, "local")));
        await pipeline.Jobs.UpdateAsync(id, j => j.Start("test", DateTimeOffset.UtcNow));
        var job = await dying.UpdateAsync(id, j => j.Succeed(10, "cc", ended));
        var outbox = pipeline.Services.GetRequiredService<EventOutbox>();
        Assert.Empty(await outbox.ForJobAsync(job!));
        // An end older than CatchUpHours is past catching up (turning webhooks on does not replay the past).
        var oldId = JobIds.New();
        Assert.True(await pipeline.Jobs.TryCreateAsync(Job.Queue(oldId, "unprocessed-videos/old.mp4", "watermark-old.mp4", new WatermarkSpec(), 1000, null, "local")));
        await pipeline.Jobs.UpdateAsync(oldId, j => j.Start("test", DateTimeOffset.UtcNow));
        var old = await dying.UpdateAsync(oldId, j => j.Succeed(10, "dd", DateTimeOffset.UtcNow.AddHours(-2)));

        await pipeline.Services.GetRequiredService<DispatchService>().SweepAsync();

        var got = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, "job.succeeded after the sweep"));
        Assert.Equal($"{id}-1-succeeded", got.Json.GetProperty("id").GetString());
        Assert.True(got.SignedWith(Secret));
        Assert.Equal(job!.OutputSha256, got.Data.GetProperty("sha256").GetString());
        Assert.Equal(ended, got.Json.GetProperty("occurredAt").GetDateTimeOffset());

        // Another sweep finds it recorded: no second record, nothing more sent.
        await pipeline.Services.GetRequiredService<DispatchService>().SweepAsync();
        Assert.Single(await outbox.ForJobAsync(job!));
        Assert.Empty(await outbox.ForJobAsync(old!));
        Assert.Equal(0, await pipeline.Services.GetRequiredService<EventDelivery>().DeliverDueAsync(CancellationToken.None));
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_batch_whose_jobs_all_ended_unrecorded_gets_its_events_and_batch_completed_from_the_sweep()
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var pipeline = await StartAsync(receiver);
        var ended = DateTimeOffset.UtcNow.AddMinutes(-10);
        var (batchId, ids) = await CreateBatchAsync(pipeline, receiver, DateTimeOffset.UtcNow);
        var dying = new JobStore(pipeline.Store, TimeProvider.System);
        await dying.UpdateAsync(ids[0], j => j.Succeed(10, "aa", ended));
        await dying.UpdateAsync(ids[1], j => j.Fail("ffmpeg said no", ended.AddSeconds(1)));
        await dying.UpdateAsync(ids[2], j => j.Succeed(10, "bb", ended.AddSeconds(2)));

        await pipeline.Services.GetRequiredService<DispatchService>().SweepAsync();

        var all = await receiver.WaitForAsync(r => r.Count >= 8, "3 job events and batch.completed at both targets");
        foreach (var path in new[] { "/hook", "/batch-hook" })
        {
            var here = all.Where(r => r.Path == path).ToList();
            Assert.All(here, r => Assert.True(r.SignedWith(Secret)));
            Assert.Equal(2, here.Count(r => r.Type == "job.succeeded"));
            Assert.Equal(1, here.Count(r => r.Type == "job.failed"));
            var completed = Assert.Single(here, r => r.Type == "batch.completed");
            Assert.Equal(batchId, completed.Data.GetProperty("batchId").GetString());
            Assert.Equal("1 of 3 copies failed.", completed.Data.GetProperty("error").GetString());
            Assert.Equal(ended.AddSeconds(2), completed.Json.GetProperty("occurredAt").GetDateTimeOffset());
        }

        await pipeline.Services.GetRequiredService<DispatchService>().SweepAsync();
        Assert.Equal(0, await pipeline.Services.GetRequiredService<EventDelivery>().DeliverDueAsync(CancellationToken.None));
        Assert.Equal(8, receiver.Requests.Count);
    }

    [Fact]
    public async Task A_batch_that_completes_again_after_a_retry_sends_a_new_batch_completed_with_the_counts()
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        await using var pipeline = await StartAsync(receiver);
        var now = DateTimeOffset.UtcNow;
        var (batchId, ids) = await CreateBatchAsync(pipeline, receiver, now);
        await pipeline.Jobs.UpdateAsync(ids[0], j => j.Succeed(10, "aa", now.AddSeconds(1)));
        await pipeline.Jobs.UpdateAsync(ids[1], j => j.Succeed(10, "bb", now.AddSeconds(2)));
        await pipeline.Jobs.UpdateAsync(ids[2], j => j.Fail("ffmpeg said no", now.AddSeconds(3)));
        var first = Assert.Single(await receiver.WaitForAsync(r => r.Count(x => x.Type == "batch.completed" && x.Path == "/hook") >= 1, "the first batch.completed"),
            r => r.Type == "batch.completed" && r.Path == "/hook");

        // The failed copy is retried and succeeds: the batch has completed again, differently.
        await pipeline.Jobs.UpdateAsync(ids[2], j => j.Retry().Start("test", now.AddSeconds(4)).Succeed(10, "cc", now.AddSeconds(5)));

        var all = await receiver.WaitForAsync(
            r => r.Count(x => x.Type == "batch.completed") >= 4 && r.Count(x => x.Json.GetProperty("id").GetString() == $"{ids[2]}-2-succeeded") >= 2,
            "a second batch.completed and the retried copy's job.succeeded at both targets");
        foreach (var path in new[] { "/hook", "/batch-hook" })
        {
            var completions = all.Where(r => r.Path == path && r.Type == "batch.completed").OrderBy(r => r.Json.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
            Assert.Equal(2, completions.Count);
            Assert.NotEqual(completions[0].Json.GetProperty("id").GetString(), completions[1].Json.GetProperty("id").GetString());
            Assert.Equal(("failed", 3, 2, 1), Counts(completions[0]));
            Assert.Equal(("succeeded", 3, 3, 0), Counts(completions[1]));
            Assert.Equal(now.AddSeconds(5), completions[1].Json.GetProperty("occurredAt").GetDateTimeOffset());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, completions[1].Data.GetProperty("error").ValueKind);
            Assert.Single(all, r => r.Path == path && r.Json.GetProperty("id").GetString() == $"{ids[2]}-2-succeeded");
        }

        Assert.Equal(first.Json.GetProperty("id").GetString(), all.Single(r => r.Path == "/hook" && r.Type == "batch.completed" && Counts(r).State == "failed").Json.GetProperty("id").GetString());

        // Told again (a second finisher), the same completion is the same event: nothing new goes out.
        await pipeline.Services.GetRequiredService<IJobEndObserver>().EndedAsync((await pipeline.Jobs.GetAsync(ids[2]))!, pipeline.Jobs, CancellationToken.None);
        Assert.Equal(0, await pipeline.Services.GetRequiredService<EventDelivery>().DeliverDueAsync(CancellationToken.None));
        Assert.Equal(4, receiver.Requests.Count(r => r.Type == "batch.completed"));
    }

    private static (string State, int Total, int Succeeded, int Failed) Counts(Received r)
    {
        var counts = r.Data.GetProperty("counts");
        return (r.Data.GetProperty("state").GetString()!, counts.GetProperty("total").GetInt32(), counts.GetProperty("succeeded").GetInt32(), counts.GetProperty("failed").GetInt32());
    }

    /// <summary>A batch of three running jobs whose callback is the receiver's <c>/batch-hook</c>.</summary>
    private static async Task<(string BatchId, string[] Ids)> CreateBatchAsync(PipelineHost pipeline, WebhookReceiver receiver, DateTimeOffset started)
    {
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
            await pipeline.Jobs.UpdateAsync(id, j => j.Start("test", started));
        }

        return (batchId, ids);
    }

    private Task<PipelineHost> StartAsync(WebhookReceiver receiver) => PipelineHost.StartAsync(
        folder,
        ("VideoWatermark:Events:WebhookUrls", receiver.Url()),
        ("VideoWatermark:Events:WebhookSecret", Secret),
        ("VideoWatermark:Events:AllowPrivateTargets", "true"),
        ("VideoWatermark:Events:FirstRetrySeconds", "0.5"),
        ("VideoWatermark:Events:MaxRetrySeconds", "1"),
        ("VideoWatermark:Events:PollSeconds", "0.5"),
        ("VideoWatermark:Events:AttemptTimeoutSeconds", "5"));
}
