using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The ways people and tools really put files into the hot folder: a copy that stalls, a tool that writes under a
/// temporary name and renames, a file deleted before it settled, files in subfolders.
/// </summary>
public sealed class HotFolderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private string Hot(params string[] parts) => Path.Combine([folder.Combine("data", "unprocessed-videos"), .. parts]);

    [Fact]
    public async Task A_copy_that_stalls_longer_than_the_settle_time_still_ends_as_the_whole_video_watermarked()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync();
        var bytes = await File.ReadAllBytesAsync(clip);
        Directory.CreateDirectory(Hot());

        // A network copy that hangs for several settle times half way, then finishes.
        await using (var target = File.Create(Hot("stalled.mp4")))
        {
            await target.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await target.FlushAsync();
            await Eventually.WaitAsync(async () => (await pipeline.Jobs.ListAsync().ToListAsync()).Find(j => j.State.IsFinal()), TimeSpan.FromSeconds(60),
                () => "the half copy should be picked up once it stopped growing for the settle time");
            await target.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        }

        var jobs = await pipeline.AllFinishedAsync(2);
        // The half file is refused as a damaged video; nothing made from it passes for a result.
        var half = Assert.Single(jobs, j => j.InputSize == bytes.Length / 2);
        Assert.Equal(JobState.Failed, half.State);
        Assert.Null(await pipeline.Store.HeadAsync(half.OutputKey));
        var whole = Assert.Single(jobs, j => j.InputSize == bytes.Length);
        Assert.Equal(JobState.Succeeded, whole.State);
        var output = folder.Combine("stalled-output.mp4");
        await pipeline.Store.DownloadAsync(whole.OutputKey, output);
        Assert.Equal(Frames.CountFrames(clip), Frames.CountFrames(output));
    }

    [Fact]
    public async Task A_file_written_under_a_temporary_name_and_renamed_makes_one_job()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync();
        Directory.CreateDirectory(Hot());

        // As rsync, browsers and many copy tools do: the whole file under a name that is not a video, then renamed.
        var temporary = Hot(".renamed.mp4.part");
        File.Copy(clip, temporary);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // longer than the settle time: the temporary name has settled
        File.Move(temporary, Hot("renamed.mp4"));

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal((JobState.Succeeded, "unprocessed-videos/renamed.mp4", new FileInfo(clip).Length), (job.State, job.InputKey, job.InputSize));
        Assert.NotNull(await pipeline.Store.HeadAsync("watermark-renamed.mp4"));
    }

    [Fact]
    public async Task A_file_deleted_while_settling_makes_no_job_and_the_next_file_still_runs()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:HotFolderSettleSeconds", "4"));
        var clip = await Clips.GetAsync();
        Directory.CreateDirectory(Hot());

        File.Copy(clip, Hot("mistake.mp4"));
        await Task.Delay(TimeSpan.FromSeconds(1)); // seen, not yet settled
        File.Delete(Hot("mistake.mp4"));
        File.Copy(clip, Hot("meant.mp4"));

        // The later file settling and running proves the watcher went past the deleted one.
        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal((JobState.Succeeded, "unprocessed-videos/meant.mp4"), (job.State, job.InputKey));
        Assert.Single(await pipeline.Jobs.ListAsync().ToListAsync());
        Assert.Null(await pipeline.Store.HeadAsync("watermark-mistake.mp4"));
    }

    [Fact]
    public async Task Files_in_subfolders_run_and_their_outputs_keep_the_folders()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync(1);

        // A folder created after the watcher started, and one inside it.
        Directory.CreateDirectory(Hot("holiday", "day 2"));
        File.Copy(clip, Hot("holiday", "beach.mp4"));
        File.Copy(clip, Hot("holiday", "day 2", "boat.mp4"));

        var jobs = await pipeline.AllFinishedAsync(2);
        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(["holiday/day 2/watermark-boat.mp4", "holiday/watermark-beach.mp4"], jobs.Select(j => j.OutputKey).Order(StringComparer.Ordinal));
        foreach (var job in jobs)
        {
            Assert.NotNull(await pipeline.Store.HeadAsync(job.OutputKey));
        }
    }
}
