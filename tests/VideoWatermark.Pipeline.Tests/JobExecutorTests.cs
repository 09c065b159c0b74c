using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>One attempt of one job with the real engine and the real disk store.</summary>
public sealed class JobExecutorTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_job_ends_with_a_watermarked_verified_output_and_its_log()
    {
        using var services = StoreServices.Build(folder);
        var spec = new WatermarkSpec { Position = Anchor.BottomRight, Margin = 0.05, Scale = 0.5 };
        var job = await QueueAsync(services, "unprocessed-videos/beach.mp4", spec);
        var clip = await Clips.GetAsync();

        var result = await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");

        Assert.Equal(JobRunOutcome.Succeeded, result.Outcome);
        var done = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(100, done.Progress);
        Assert.NotNull(done.FinishedAt);

        // The record keeps how much video the run watermarked (the 2 s clip), for the Workers page's figures.
        Assert.Equal(2.0, done.VideoSeconds!.Value, 1);

        var output = folder.Combine("output.mp4");
        await services.Store().DownloadAsync(done.OutputKey, output);
        Assert.Equal(new FileInfo(output).Length, done.OutputSize);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(output))), done.OutputSha256);

        // The watermark brightens its own corner of the picture and leaves the rest alone; the sound is untouched.
        var placed = Placement.Place(Clips.Width, Clips.Height, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, spec);
        var area = placed.Geometry;
        var text = WatermarkInk.In(placed);
        var before = Frames.At(clip, 1.0);
        var after = Frames.At(output, 1.0);
        var changedInText = Frames.ChangedFraction(before, after, text);
        var changedOutside = Frames.ChangedFractionOutside(before, after, new Region(area.X, area.Y, area.Width, area.Height));
        Assert.True(changedInText > 0.2, $"only {changedInText:P1} of the watermark's text changed the picture");
        Assert.True(changedOutside < 0.01, $"{changedOutside:P1} of the picture outside the watermark changed");
        Assert.True(after.MeanLuma(text) > before.MeanLuma(text) + 5, "the white text should brighten the picture");
        Assert.Equal(Frames.AudioMd5(clip), Frames.AudioMd5(output));

        Assert.Equal(ObjectKeys.LogKey(job.Id, 1), done.LogKey);
        var log = System.Text.Encoding.UTF8.GetString(await services.Store().ReadAllAsync(done.LogKey!));
        Assert.Contains("ffmpeg", log, StringComparison.Ordinal);

        Assert.Equal(await File.ReadAllBytesAsync(clip), await services.Store().ReadAllAsync(job.InputKey));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Combine("work")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_video_fails_with_a_readable_reason_and_stays_as_it_was()
    {
        using var services = StoreServices.Build(folder);
        var garbage = "this is a letter, not a video\n"u8.ToArray();
        await services.Store().PutAsync("unprocessed-videos/letter.mp4", new MemoryStream(garbage), "video/mp4");
        var job = await QueueAsync(services, "unprocessed-videos/letter.mp4", new WatermarkSpec(), upload: false);

        var result = await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");

        Assert.Equal(JobRunOutcome.Rejected, result.Outcome);
        var failed = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Failed, failed.State);
        Assert.False(string.IsNullOrWhiteSpace(failed.Error));
        Assert.DoesNotContain('\n', failed.Error);
        Assert.Equal(garbage, await services.Store().ReadAllAsync(job.InputKey));
        Assert.Null(await services.Store().HeadAsync(job.OutputKey));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Combine("work")));
    }

    [Fact]
    public async Task A_video_that_cannot_fit_on_the_workers_disk_fails_saying_there_is_no_space()
    {
        using var services = StoreServices.Build(folder, s => s.Replace(ServiceDescriptor.Singleton<IFreeSpaceProbe>(new FixedFreeSpace(5 * 1024 * 1024))));
        var job = await QueueAsync(services, "unprocessed-videos/big.mp4", new WatermarkSpec());

        var result = await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");

        Assert.Equal(JobRunOutcome.Failed, result.Outcome);
        var failed = (await services.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Failed, failed.State);
        Assert.Contains("no space", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(await File.ReadAllBytesAsync(await Clips.GetAsync()), await services.Store().ReadAllAsync(job.InputKey));
        Assert.Null(await services.Store().HeadAsync(job.OutputKey));
    }

    [Fact]
    public async Task A_cancel_request_stops_the_run_and_leaves_no_output()
    {
        // The encode is frozen as soon as it starts, so the cancel lands mid-encode however fast the machine is.
        using var gate = new FfmpegGate();
        using var services = StoreServices.Build(folder, null, ("VideoWatermark:Engine:FfmpegPath", gate.Path));
        var jobs = services.Jobs();
        var job = await QueueAsync(services, "unprocessed-videos/long.mp4", new WatermarkSpec());

        var run = services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");
        await gate.WaitUntilStartedAsync(TimeSpan.FromMinutes(2));
        gate.Pause();
        // The user presses Cancel while the job runs.
        await jobs.UpdateAsync(job.Id, j => j with { CancelRequested = true });
        var result = await run.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(JobRunOutcome.Cancelled, result.Outcome);
        var cancelled = (await jobs.GetAsync(job.Id))!;
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Null(await services.Store().HeadAsync(job.OutputKey));
        Assert.NotNull(await services.Store().HeadAsync(job.InputKey));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Combine("work")));
    }

    [Fact]
    public async Task A_job_whose_output_would_replace_an_original_is_refused()
    {
        using var services = StoreServices.Build(folder);
        var job = await QueueAsync(services, "unprocessed-videos/keep.mp4", new WatermarkSpec(), outputKey: "unprocessed-videos/keep.mp4");

        var result = await services.GetRequiredService<JobExecutor>().RunAsync(job.Id, "test");

        Assert.Equal(JobRunOutcome.Rejected, result.Outcome);
        Assert.Contains("Refusing to write the output", (await services.Jobs().GetAsync(job.Id))!.Error, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(await Clips.GetAsync()), await services.Store().ReadAllAsync(job.InputKey));
    }

    private static async Task<Job> QueueAsync(ServiceProvider services, string inputKey, WatermarkSpec spec, bool upload = true, double clipSeconds = 2, string? outputKey = null)
    {
        var store = services.Store();
        if (upload)
        {
            await store.UploadAsync(inputKey, await Clips.GetAsync(clipSeconds));
        }

        if (await store.HeadAsync(spec.Image) is null)
        {
            await store.PutAsync(spec.Image, DefaultWatermark.OpenRead(), "image/png");
        }

        var job = new Job
        {
            Id = JobIds.New(),
            State = JobState.Queued,
            InputKey = inputKey,
            OutputKey = outputKey ?? ObjectKeys.OutputKey(inputKey),
            FileName = ObjectKeys.FileName(inputKey),
            Watermark = spec,
            Attempts = 1,
        };
        Assert.True(await services.Jobs().TryCreateAsync(job));
        return job;
    }
}
