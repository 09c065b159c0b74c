using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The same object dispatched several times at once (an at-least-once event source delivering twice in parallel,
/// the hot folder and the store's own event racing): exactly one job, one attempt started, one output.
/// </summary>
public sealed class ConcurrentDispatchTests : IDisposable
{
    private const int Deliveries = 6;

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Parallel_deliveries_of_a_dropped_in_video_make_one_job_and_start_it_once()
    {
        var launcher = new RecordingLauncher();
        using var services = DispatchServices(launcher);
        var created = await PutVideoAsync(services.Store(), "unprocessed-videos/race.mp4");
        var dispatch = services.GetRequiredService<DispatchService>();

        var results = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(_ => Task.Run(() => dispatch.HandleAsync(created))));

        var job = Assert.Single(await services.Jobs().ListAsync().ToListAsync());
        Assert.All(results, r => Assert.Equal(job.Id, r.JobId));
        Assert.DoesNotContain(results, r => r.Outcome is DispatchOutcome.Failed or DispatchOutcome.Ignored);
        Assert.Equal("watermark-race.mp4", job.OutputKey);
        Assert.Equal((JobState.Queued, 1), (job.State, job.Attempts));
        // A redelivery may hand the same attempt to the launcher again; its idempotency (the ECS client token, the
        // local queue's per-attempt check) makes that one task. A second attempt would be a second task.
        Assert.Equal([(job.Id, 1)], launcher.Launched.Select(j => (j.Id, j.Attempts)).Distinct());
    }

    [Fact]
    public async Task Parallel_deliveries_of_a_portal_upload_queue_its_job_once()
    {
        var launcher = new RecordingLauncher();
        using var services = DispatchServices(launcher);
        var id = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(id, "race.mov");
        var choice = new WatermarkSpec { Position = Anchor.Left, Scale = 0.2 };
        Assert.True(await services.Jobs().TryCreateAsync(Job.Announce(id, key, ObjectKeys.OutputKey(key), choice, inputSize: 0, owner: "alice")));
        var created = await PutVideoAsync(services.Store(), key);
        var dispatch = services.GetRequiredService<DispatchService>();

        var results = await Task.WhenAll(Enumerable.Range(0, Deliveries).Select(_ => Task.Run(() => dispatch.HandleAsync(created))));

        var job = Assert.Single(await services.Jobs().ListAsync().ToListAsync());
        Assert.Equal((id, JobState.Queued, 1, choice), (job.Id, job.State, job.Attempts, job.Watermark));
        Assert.Contains(results, r => r.Outcome == DispatchOutcome.Launched);
        Assert.Equal([(id, 1)], launcher.Launched.Select(j => (j.Id, j.Attempts)).Distinct());
    }

    [Fact]
    public async Task Parallel_deliveries_on_the_local_pipeline_end_in_one_run_and_one_output()
    {
        // No hot folder: the deliveries below are the only way the video reaches the pipeline.
        await using var pipeline = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:HotFolderSettleSeconds", "600"));
        using var beside = StoreServices.Build(folder);
        var created = await PutVideoAsync(beside.Store(), "unprocessed-videos/twice-at-once.mp4");
        var listeners = pipeline.Services.GetServices<IObjectCreatedListener>().ToList();

        await Task.WhenAll(Enumerable.Range(0, Deliveries).SelectMany(_ => listeners).Select(l => Task.Run(async () => await l.OnObjectCreatedAsync(created))));

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal((JobState.Succeeded, 1), (job.State, job.Attempts));
        Assert.Equal(["watermark-twice-at-once.mp4"], await pipeline.Store.ListAsync("watermark-").Select(o => o.Key).ToListAsync());
        Assert.Equal(["attempt-1.log"], await pipeline.Store.ListAsync(ObjectKeys.LogsPrefix).Select(o => Path.GetFileName(o.Key)).ToListAsync());
    }

    private ServiceProvider DispatchServices(RecordingLauncher launcher) => StoreServices.Build(folder, s =>
    {
        s.AddSingleton(new DispatchOptions());
        s.AddSingleton<ITaskLauncher>(launcher);
        s.AddSingleton<DispatchService>();
    });

    private static async Task<ObjectCreated> PutVideoAsync(IObjectStore store, string key)
    {
        var size = await store.UploadAsync(key, await Clips.GetAsync(1));
        var head = await store.HeadAsync(key);
        return new ObjectCreated(store.Bucket, key, size, head!.ETag, "0001");
    }
}
