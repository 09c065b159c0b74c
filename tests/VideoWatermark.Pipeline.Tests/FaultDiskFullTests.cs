using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Files;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The worker's disk really fills: its work folder is an 8 MB tmpfs. The job says "no space", leaves nothing behind
/// on that disk, keeps its original, and the next job runs as if nothing happened.
/// </summary>
public sealed class FaultDiskFullTests : IDisposable
{
    private const int DiskMegabytes = 8;

    private readonly TempFolder folder = new();
    private readonly Tmpfs disk;

    public FaultDiskFullTests() => disk = Tmpfs.Mount(Path.Combine(folder.Path, "work"), DiskMegabytes);

    public void Dispose()
    {
        disk.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task An_output_that_does_not_fit_fails_with_no_space_and_the_pool_runs_the_next_job()
    {
        // The free-space check is told to expect no output at all, so the encode itself runs into the full disk.
        var executor = new ExecutorOptions { WorkRoot = disk.Path, HeartbeatInterval = TimeSpan.FromSeconds(0.2), ExpectedOutputRatio = 0, ReserveBytes = 0 };
        await using var pipeline = await PipelineHost.StartAsync(
            folder,
            services => services.AddSingleton(executor),
            ("VideoWatermark:Pipeline:Workers", "1"),
            ("VideoWatermark:Engine:Crf", "0"));
        var big = NoisyClips.Make(folder.Combine("clips", "big.mp4"), seconds: 1.25);
        Assert.InRange(new FileInfo(big).Length, 3_000_000, DiskMegabytes * 1_000_000 - 1_000_000);

        await pipeline.Store.UploadAsync("unprocessed-videos/big.mp4", big);
        var failed = Assert.Single(await pipeline.AllFinishedAsync(1));

        Assert.Equal(JobState.Failed, failed.State);
        Assert.Contains("no space", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("watermarking the video", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failed.Error!);
        Assert.Empty(Directory.EnumerateFileSystemEntries(disk.Path));
        Assert.Null(await pipeline.Store.HeadAsync(failed.OutputKey));
        Assert.Equal(await File.ReadAllBytesAsync(big), await pipeline.Store.ReadAllAsync(failed.InputKey));

        var small = await Clips.GetAsync();
        await pipeline.Store.UploadAsync("unprocessed-videos/small.mp4", small);
        var jobs = await pipeline.AllFinishedAsync(2);

        var next = Assert.Single(jobs, j => j.InputKey == "unprocessed-videos/small.mp4");
        Assert.True(next.State == JobState.Succeeded, next.Error);
        Assert.Equal(next.OutputSize, (await pipeline.Store.HeadAsync(next.OutputKey))!.Size);
        Assert.Empty(Directory.EnumerateFileSystemEntries(disk.Path));
    }

    [Fact]
    public async Task A_download_that_does_not_fit_fails_with_no_space_and_the_same_worker_runs_the_next_job()
    {
        // The free-space check believes there is room (another tenant fills the disk after it looked).
        using var services = StoreServices.Build(
            folder,
            s => s.Replace(ServiceDescriptor.Singleton<IFreeSpaceProbe>(new FixedFreeSpace(1L << 40))),
            ("VideoWatermark:Pipeline:WorkDir", disk.Path));
        var executor = services.GetRequiredService<JobExecutor>();
        var big = NoisyClips.Make(folder.Combine("clips", "huge.mp4"), seconds: 3);
        Assert.True(new FileInfo(big).Length > DiskMegabytes * 1024 * 1024, "the clip must not fit on the disk");
        var job = await QueueAsync(services, "unprocessed-videos/huge.mp4", big);

        var result = await executor.RunAsync(job.Id, "test");

        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        var failed = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Contains("no space", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("downloading the video", failed.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(disk.Path));
        Assert.Equal(await File.ReadAllBytesAsync(big), await services.Store().ReadAllAsync(job.InputKey));

        var next = await QueueAsync(services, "unprocessed-videos/next.mp4", await Clips.GetAsync());
        var second = await executor.RunAsync(next.Id, "test");

        Assert.True(second.Outcome == JobRunOutcome.Succeeded, second.Reason);
        Assert.Equal(JobState.Succeeded, (await services.Jobs().GetAsync(next.Id))!.State);
        Assert.Empty(Directory.EnumerateFileSystemEntries(disk.Path));
    }

    private static async Task<Job> QueueAsync(IServiceProvider services, string inputKey, string clip)
    {
        await services.Store().UploadAsync(inputKey, clip, "video/mp4");
        await using (var image = DefaultWatermark.OpenRead())
        {
            await services.Store().PutAsync(Core.ObjectKeys.DefaultWatermarkKey, image, "image/png");
        }

        var job = new Job
        {
            Id = JobIds.New(),
            State = JobState.Queued,
            InputKey = inputKey,
            OutputKey = Core.ObjectKeys.OutputKey(inputKey),
            FileName = Core.ObjectKeys.FileName(inputKey),
            Attempts = 1,
        };
        Assert.True(await services.Jobs().TryCreateAsync(job));
        return job;
    }
}
