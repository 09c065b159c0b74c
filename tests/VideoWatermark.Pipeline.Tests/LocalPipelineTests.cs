using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>The embedded default end to end: the store, the pool, the hot folder, the lease monitor, restarts.</summary>
public sealed class LocalPipelineTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_video_written_through_the_store_ends_watermarked()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var clip = await Clips.GetAsync();

        await pipeline.Store.UploadAsync("unprocessed-videos/store.mp4", clip);

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("watermark-store.mp4", job.OutputKey);
        Assert.Equal(job.OutputSize, (await pipeline.Store.HeadAsync(job.OutputKey))!.Size);
        Assert.Equal(await File.ReadAllBytesAsync(clip), await pipeline.Store.ReadAllAsync("unprocessed-videos/store.mp4"));
        // The store was seeded with the default watermark, and that is what a drop-in gets.
        Assert.Equal(ObjectKeys.DefaultWatermarkKey, job.Watermark.Image);
        Assert.NotNull(await pipeline.Store.HeadAsync(ObjectKeys.DefaultWatermarkKey));
    }

    [Fact]
    public async Task A_file_copied_into_the_hot_folder_ends_watermarked()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var hot = folder.Combine("data", "unprocessed-videos");

        // Copied the slow way a person's file manager would: written in pieces under its final name.
        var bytes = await File.ReadAllBytesAsync(await Clips.GetAsync());
        Directory.CreateDirectory(hot);
        await using (var target = File.Create(Path.Combine(hot, "copied.mp4")))
        {
            foreach (var chunk in bytes.Chunk(bytes.Length / 4 + 1))
            {
                await target.WriteAsync(chunk);
                await target.FlushAsync();
                await Task.Delay(150);
            }
        }

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("unprocessed-videos/copied.mp4", job.InputKey);
        Assert.Equal(bytes.Length, job.InputSize);
        Assert.NotNull(await pipeline.Store.HeadAsync("watermark-copied.mp4"));
    }

    [Fact]
    public async Task A_duplicate_event_makes_no_second_job()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        await pipeline.Store.UploadAsync("unprocessed-videos/dup.mp4", await Clips.GetAsync());
        var first = Assert.Single(await pipeline.AllFinishedAsync(1));

        // The same delivery again, as an at-least-once event source may send it.
        var head = (await pipeline.Store.HeadAsync("unprocessed-videos/dup.mp4"))!;
        var again = new ObjectCreated(pipeline.Store.Bucket, head.Key, head.Size, head.ETag, first.SourceVersion);
        foreach (var listener in pipeline.Services.GetServices<IObjectCreatedListener>())
        {
            await listener.OnObjectCreatedAsync(again);
        }

        // Each listener returned once dispatch had decided: a relaunch would already have queued the job again
        // (Attempts 2), so the record read now is the definite outcome, with no time left for it to change.
        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(first.Id, job.Id);
        Assert.Equal(1, job.Attempts);
        Assert.Single(await pipeline.Store.ListAsync("watermark-").ToListAsync());
    }

    [Fact]
    public async Task A_run_whose_worker_died_is_noticed_by_its_lease_and_run_again()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        // What a dead worker leaves: the job says Running, but its heartbeat stopped minutes ago. The input is written
        // beside the pipeline (no store event), as the dead process had long dispatched it.
        using var beside = StoreServices.Build(folder);
        await beside.Store().UploadAsync("unprocessed-videos/killed.mp4", await Clips.GetAsync());
        var stale = DateTimeOffset.UtcNow.AddMinutes(-10);
        var id = JobIds.New();
        Assert.True(await pipeline.Jobs.TryCreateAsync(new Job
        {
            Id = id,
            State = JobState.Running,
            InputKey = "unprocessed-videos/killed.mp4",
            OutputKey = "watermark-killed.mp4",
            FileName = "killed.mp4",
            Watermark = new WatermarkSpec(),
            Attempts = 1,
            StartedAt = stale,
            HeartbeatAt = stale,
            TaskId = "local",
        }));

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(id, job.Id);
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempts);
        Assert.Single(await pipeline.Store.ListAsync("watermark-").ToListAsync());
    }

    [Fact]
    public async Task A_job_left_running_by_a_crashed_process_runs_again_on_the_next_start()
    {
        // What a crash leaves behind: a running job (its heartbeat still fresh) and an announced upload that landed
        // but was never dispatched.
        using (var crashed = StoreServices.Build(folder))
        {
            await crashed.Store().UploadAsync("unprocessed-videos/crashed.mp4", await Clips.GetAsync());
            Assert.True(await crashed.Jobs().TryCreateAsync(new Job
            {
                Id = JobIds.New(),
                State = JobState.Running,
                InputKey = "unprocessed-videos/crashed.mp4",
                OutputKey = "watermark-crashed.mp4",
                FileName = "crashed.mp4",
                Attempts = 1,
                StartedAt = DateTimeOffset.UtcNow,
                HeartbeatAt = DateTimeOffset.UtcNow,
                TaskId = "local",
            }));

            var announced = JobIds.New();
            var key = ObjectKeys.PortalUploadKey(announced, "announced.mp4");
            Assert.True(await crashed.Jobs().TryCreateAsync(new Job
            {
                Id = announced,
                State = JobState.Pending,
                InputKey = key,
                OutputKey = ObjectKeys.OutputKey(key),
                FileName = "announced.mp4",
                Watermark = new WatermarkSpec { Position = Anchor.TopLeft, Scale = 0.3 },
            }));
            await crashed.Store().UploadAsync(key, await Clips.GetAsync());
        }

        var leftover = Directory.CreateDirectory(folder.Combine("work", $"{JobIds.New()}-1-0123456789a")).FullName;
        await File.WriteAllTextAsync(Path.Combine(leftover, "input.mp4"), "half a download");

        await using var pipeline = await PipelineHost.StartAsync(folder);
        var jobs = await pipeline.AllFinishedAsync(2);

        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(2, jobs.Single(j => j.FileName == "crashed.mp4").Attempts);
        Assert.Equal(Anchor.TopLeft, jobs.Single(j => j.FileName == "announced.mp4").Watermark.Position);
        Assert.False(Directory.Exists(leftover), "the dead run's work folder should be gone");
        foreach (var job in jobs)
        {
            Assert.NotNull(await pipeline.Store.HeadAsync(job.OutputKey));
        }
    }

    [Fact]
    public async Task An_announced_upload_that_landed_without_an_event_is_still_picked_up()
    {
        // A store that raises no events (an S3 bucket without the Lambda); the hot folder is kept out of it.
        await using var pipeline = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:HotFolderSettleSeconds", "600"));
        var id = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(id, "meeting.mp4");
        Assert.True(await pipeline.Jobs.TryCreateAsync(new Job
        {
            Id = id,
            State = JobState.Pending,
            InputKey = key,
            OutputKey = ObjectKeys.OutputKey(key),
            FileName = "meeting.mp4",
            Watermark = new WatermarkSpec { Position = Anchor.BottomLeft, Scale = 0.4 },
        }));
        using var beside = StoreServices.Build(folder);

        await beside.Store().UploadAsync(key, await Clips.GetAsync());

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(Anchor.BottomLeft, job.Watermark.Position);
        Assert.Equal(job.OutputSize, (await pipeline.Store.HeadAsync(job.OutputKey))!.Size);
    }

    [Fact]
    public async Task A_restart_loses_no_job_and_makes_one_output_each()
    {
        var names = new[] { "one.mp4", "two.mp4", "three.mp4" };
        var clip = await Clips.GetAsync();
        await using (var first = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:Workers", "1")))
        {
            foreach (var name in names)
            {
                await first.Store.UploadAsync($"unprocessed-videos/{name}", clip);
            }

            // Stopped with jobs queued (and one maybe running): the records are the queue.
            await first.StopAsync();
            var left = await first.Jobs.ListAsync().ToListAsync();
            Assert.Equal(3, left.Count);
            Assert.Contains(left, j => j.State == JobState.Queued);
        }

        await using var second = await PipelineHost.StartAsync(folder, ("VideoWatermark:Pipeline:Workers", "1"));
        var jobs = await second.AllFinishedAsync(3);

        Assert.All(jobs, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(names.Select(n => "watermark-" + n).Order(), jobs.Select(j => j.OutputKey).Order());
        var outputs = await second.Store.ListAsync("watermark-").ToListAsync();
        Assert.Equal(jobs.Select(j => j.OutputKey).Order(), outputs.Select(o => o.Key).Order());
    }
}
