using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// A worker that is still running after its lease expired and the job was given to another attempt (a frozen
/// container, a paused VM): when it comes back, the job keeps exactly one output, the newer attempt's, and the late
/// run's work is thrown away.
/// </summary>
public sealed class LateWorkerTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(false)] // two machines (two Fargate tasks), each with its own disk
    [InlineData(true)] // one machine's pool: the newer attempt clears the late one's work folder
    public async Task A_late_worker_leaves_the_newer_attempts_output_as_it_is(bool sharedWorkDir)
    {
        var launcher = new RecordingLauncher();
        // The sweeper (the Lambda's schedule, the local lease monitor) and the worker that takes the job over.
        using var current = StoreServices.Build(folder, s =>
        {
            s.AddSingleton(new DispatchOptions { Lease = TimeSpan.FromMilliseconds(1) });
            s.AddSingleton<ITaskLauncher>(launcher);
            s.AddSingleton<DispatchService>();
        });
        // The late worker: its heartbeats do not get through while it is frozen, and it runs another encoder setting,
        // so its output can be told from the newer attempt's.
        var frozen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var late = StoreServices.Build(
            folder,
            s =>
            {
                s.AddSingleton(sp => new HookedStore(sp.GetRequiredService<DiskObjectStore>()));
                s.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<HookedStore>());
            },
            ("VideoWatermark:Pipeline:HeartbeatSeconds", "600"),
            ("VideoWatermark:Pipeline:LeaseMinutes", "30"),
            ("VideoWatermark:Engine:Crf", "35"),
            ("VideoWatermark:Pipeline:WorkDir", folder.Combine(sharedWorkDir ? "work" : "work-late")));
        var store = current.Store();
        await using (var image = DefaultWatermark.OpenRead())
        {
            await store.PutAsync(ObjectKeys.DefaultWatermarkKey, image, "image/png");
        }

        var clip = await Clips.GetAsync(1);
        var size = await store.UploadAsync("unprocessed-videos/late.mp4", clip);
        var head = await store.HeadAsync("unprocessed-videos/late.mp4");
        var id = (await current.GetRequiredService<DispatchService>().HandleAsync(
            new ObjectCreated(store.Bucket, head!.Key, size, head.ETag, "0001"))).JobId!;
        var outputKey = (await current.Jobs().GetAsync(id))!.OutputKey;
        late.GetRequiredService<HookedStore>().Before = async (method, key) =>
        {
            if (method == nameof(IObjectStore.DownloadAsync) && key == ObjectKeys.DefaultWatermarkKey)
            {
                frozen.TrySetResult();
                await thawed.Task;
            }
        };

        // Attempt 1 has the video and freezes as it fetches the watermark; it encodes once it thaws.
        var lateRun = Task.Run(() => late.GetRequiredService<JobExecutor>().RunAsync(id, "task-late"));
        await frozen.Task.WaitAsync(TimeSpan.FromSeconds(90));

        // Its lease runs out; attempt 2 takes the job and finishes it.
        var swept = Assert.Single(await current.GetRequiredService<DispatchService>().SweepAsync());
        Assert.Equal(DispatchOutcome.Launched, swept.Outcome);
        var newer = await current.GetRequiredService<JobExecutor>().RunAsync(id, "task-current");
        Assert.Equal(JobRunOutcome.Succeeded, newer.Outcome);
        var finished = (await current.Jobs().GetAsync(id))!;

        // The late worker wakes up.
        thawed.SetResult();
        var lateResult = await lateRun.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(JobRunOutcome.Skipped, lateResult.Outcome);
        var job = (await current.Jobs().GetAsync(id))!;
        Assert.Equal((JobState.Succeeded, 2, finished.OutputSha256), (job.State, job.Attempts, job.OutputSha256));
        Assert.Equal([outputKey], await store.ListAsync("watermark-").Select(o => o.Key).ToListAsync());
        // What the person downloads is what the job page promises (its SHA-256), and it is a whole, watermarked video.
        var downloaded = folder.Combine("downloaded.mp4");
        await store.DownloadAsync(outputKey, downloaded);
        Assert.Equal(job.OutputSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(downloaded))));
        Assert.Equal(Frames.CountFrames(clip), Frames.CountFrames(downloaded));
    }
}
