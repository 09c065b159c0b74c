using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Pipeline.Launch;
using VideoWatermark.Pipeline.Local;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The local launcher writes the launch into the job record before the pool can take the job: written after, it could
/// land on top of the worker's claim on a store without conditional writes, and the job would never show as done.
/// </summary>
public sealed class LocalLaunchOrderTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly ServiceProvider services;

    public LocalLaunchOrderTests()
    {
        services = StoreServices.Build(folder, s =>
        {
            s.AddSingleton(new DispatchOptions());
            s.AddSingleton<LocalJobQueue>();
            s.AddSingleton<LocalTaskLauncher>();
            s.AddSingleton<ITaskLauncher>(sp => sp.GetRequiredService<LocalTaskLauncher>());
            s.AddSingleton<DispatchService>();
        });
    }

    public void Dispose()
    {
        services.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task A_job_is_recorded_as_launched_before_the_pool_sees_it()
    {
        var queue = services.GetRequiredService<LocalJobQueue>();

        // Where a pool worker stands: the moment an id comes out of the queue, the record is read.
        var seenByPool = Task.Run(async () =>
        {
            var item = await queue.Reader.ReadAsync();
            return await services.Jobs().GetAsync(item.JobId);
        });

        var job = await QueueJobAsync();
        Assert.Equal(LocalTaskLauncher.TaskId, await services.GetRequiredService<LocalTaskLauncher>().LaunchAsync(job));

        var seen = await seenByPool.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(seen);
        Assert.Equal(JobState.Queued, seen.State);
        Assert.Equal(LocalTaskLauncher.TaskId, seen.TaskId);
    }

    [Fact]
    public async Task A_dispatched_drop_is_queued_once_and_the_dispatcher_writes_nothing_after_the_launch()
    {
        var queue = services.GetRequiredService<LocalJobQueue>();
        var store = services.Store();
        var key = "unprocessed-videos/order.mp4";
        using (var body = new MemoryStream(new byte[1024]))
        {
            await store.PutAsync(key, body, "video/mp4");
        }

        var head = (await store.HeadAsync(key))!;
        var created = ObjectCreated.Landed(store.Bucket, head);
        var dispatch = services.GetRequiredService<DispatchService>();

        var first = await dispatch.HandleAsync(created);
        Assert.Equal(DispatchOutcome.Launched, first.Outcome);
        var recorded = await services.Jobs().GetAsync(first.JobId!);
        Assert.Equal(LocalTaskLauncher.TaskId, recorded!.TaskId);

        Assert.True(queue.Reader.TryRead(out var queued));
        Assert.Equal(new WorkItem(first.JobId!), queued);

        // The pool claims the job; a late relaunch of the same attempt neither queues it again nor touches the claim.
        var claimed = await services.Jobs().UpdateAsync(queued.JobId, j => j.Start(LocalTaskLauncher.TaskId, DateTimeOffset.UtcNow));
        await services.GetRequiredService<LocalTaskLauncher>().LaunchAsync(recorded);
        Assert.False(queue.Reader.TryRead(out _));
        Assert.Equal(claimed, await services.Jobs().GetAsync(queued.JobId));
    }

    private async Task<Job> QueueJobAsync()
    {
        var id = JobIds.New();
        var job = new Job
        {
            Id = id,
            State = JobState.Queued,
            InputKey = Core.ObjectKeys.PortalUploadKey(id, "clip.mp4"),
            OutputKey = Core.ObjectKeys.OutputKey(Core.ObjectKeys.PortalUploadKey(id, "clip.mp4")),
            FileName = "clip.mp4",
            Attempts = 1,
        };
        Assert.True(await services.Jobs().TryCreateAsync(job));
        return job;
    }
}
