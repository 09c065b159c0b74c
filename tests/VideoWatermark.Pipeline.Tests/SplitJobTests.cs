using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Worker;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// Split and stitch in the pipeline: a long video's job is cut into segments, each its own unit of work with its own
/// record, attempts and heartbeat, and the worker that finishes the last one joins them. Judged from the decoded
/// output: the source's frames, each at its time, the audio bit for bit, the watermark on both sides of every join.
/// </summary>
public sealed class SplitJobTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_long_video_runs_as_segments_in_the_local_pool_and_joins_frame_exact()
    {
        var clip = SplitClip.Create(folder.Combine("clips", "lecture.mp4"));
        await using var host = await PipelineHost.StartAsync(folder,
            ("VideoWatermark:Pipeline:SplitAboveSeconds", "4"),
            ("VideoWatermark:Pipeline:SegmentSeconds", "2.5"));

        await host.Store.UploadAsync("unprocessed-videos/lecture.mp4", clip);
        var job = Assert.Single(await host.AllFinishedAsync(1, TimeSpan.FromSeconds(180)));

        Assert.True(job.State == JobState.Succeeded, $"{job.State}: {job.Error}");
        Assert.Equal(100, job.Progress);
        var segments = await host.Jobs.GetSegmentsAsync(job.Id);
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        Assert.Equal(segments.Count, job.Segments);
        Assert.All(segments, s => Assert.Equal((JobState.Succeeded, 1), (s.State, s.Attempts)));
        Assert.Equal(Frames.CountFrames(clip), segments.Sum(s => s.FrameCount));

        // The joined job keeps the whole video's length, for the Workers page's figures.
        Assert.Equal(segments.Max(s => s.EndSeconds), job.VideoSeconds!.Value, 1);
        Assert.All(segments, s => Assert.Equal(ObjectKeys.SegmentLogKey(job.Id, s.Index, 1), s.LogKey));

        var output = folder.Combine("output.mp4");
        await host.Store.DownloadAsync(job.OutputKey, output);
        Assert.Equal(job.OutputSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(output))));
        SplitClip.AssertFrameExact(clip, output, segments);

        // The segments' files were read by the join and removed; their records stay for the job's page.
        var left = await host.Store.ListAsync(ObjectKeys.JobFolder(job.Id)).Select(o => o.Key).ToListAsync();
        Assert.Equal(segments.Select(s => ObjectKeys.SegmentKey(job.Id, s.Index)), left);
        Assert.Equal(await File.ReadAllBytesAsync(clip), await host.Store.ReadAllAsync(job.InputKey));
    }

    [Fact]
    public async Task A_segment_whose_worker_is_killed_mid_encode_runs_again_alone_and_the_output_is_still_frame_exact()
    {
        await using var s3 = await S3rverServer.StartAsync();
        var options = SplitOptions(folder.Combine("test-work"));
        await using var bucket = S3JobServices.Build(s3, options, new LogLines());
        var clip = SplitClip.Create(folder.Combine("clips", "lecture.mp4"));
        var job = await S3JobServices.QueueAsync(bucket, clip, "lecture.mp4");
        var executor = bucket.GetRequiredService<JobExecutor>();

        // The job's run finds the video long and cuts it; with no launcher here, the segments wait for workers.
        var planned = await executor.RunAsync(job.Id, "task-plan");
        Assert.Equal(JobRunOutcome.Split, planned.Outcome);
        var parent = (await bucket.Jobs().GetAsync(job.Id))!;
        Assert.True(parent.AwaitsSegments);
        var segments = await bucket.Jobs().GetSegmentsAsync(job.Id);
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        Assert.All(segments, s => Assert.Equal((JobState.Queued, 1), (s.State, s.Attempts)));

        // Every segment but the second is encoded by a worker of its own.
        foreach (var segment in segments.Where(s => s.Index != 1))
        {
            Assert.Equal(JobRunOutcome.Succeeded, (await executor.RunSegmentAsync(job.Id, segment.Index, $"task-{segment.Index}")).Outcome);
        }

        // The second one's worker is a real worker process, killed (SIGKILL) while its ffmpeg is frozen mid-encode.
        using (var gate = new FfmpegGate(readRate: 0.5))
        {
            var environment = WorkerEnvironmentFor(s3, parent, folder.Combine("work"));
            environment[WorkerEnvironment.SegmentIndex] = "1";
            environment["VideoWatermark__Engine__FfmpegPath"] = gate.Path;
            using var worker = ProductProcess.Start("VideoWatermark.Worker", environment);
            // Frozen as soon as its encode has started (the gate's first ffmpeg is the encode: probes run ffprobe):
            // waiting for a progress write as well raced the encode's end on a loaded machine, where polling the
            // store can take longer than the throttled encode. A worker process's start and claim have taken over a
            // minute on a machine loaded far past its cores; the deadline only bounds a failure.
            await gate.WaitUntilStartedAsync(TimeSpan.FromMinutes(3));
            gate.Pause();
            var frozen = await bucket.Jobs().GetSegmentAsync(job.Id, 1);
            Assert.True(frozen is { State: JobState.Running }, $"segment 1 is {frozen?.State} while its encode is frozen:\n{worker.Output}");
            await worker.KillAsync();
        }

        Assert.Equal(JobState.Running, (await bucket.Jobs().GetAsync(job.Id))!.State);

        // The sweep (the Lambda's schedule), its clock past the lease, finds the silent segment and runs it alone again.
        var launcher = new RecordingLauncher();
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1));
        var dispatch = new DispatchService(bucket.Jobs(), bucket.Store(), launcher, new DispatchOptions { Lease = TimeSpan.FromSeconds(30) }, later, NullLogger<DispatchService>.Instance);
        var swept = Assert.Single(await dispatch.SweepAsync());
        Assert.Equal(DispatchOutcome.Launched, swept.Outcome);
        Assert.Empty(launcher.Launched);
        var relaunched = Assert.Single(launcher.LaunchedSegments);
        Assert.Equal((1, 2), (relaunched.Index, relaunched.Attempts));

        // Its second attempt is the last segment to finish, so its worker joins them all.
        var rerun = await executor.RunSegmentAsync(job.Id, 1, "task-1-again");
        Assert.True(rerun.Outcome == JobRunOutcome.Succeeded, $"{rerun.Outcome}: {rerun.Reason}");

        var done = (await bucket.Jobs().GetAsync(job.Id))!;
        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}");
        var finished = await bucket.Jobs().GetSegmentsAsync(job.Id);
        Assert.Equal(segments.Select(s => s.Index == 1 ? 2 : 1), finished.Select(s => s.Attempts));
        Assert.All(finished, s => Assert.Equal(JobState.Succeeded, s.State));

        var output = folder.Combine("output.mp4");
        await File.WriteAllBytesAsync(output, await bucket.Store().ReadAllAsync(done.OutputKey));
        Assert.Equal(done.OutputSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(output))));
        SplitClip.AssertFrameExact(clip, output, finished);
        Assert.Equal([done.OutputKey], await bucket.Store().ListAsync(job.Id + "/").Select(o => o.Key).ToListAsync());
        Assert.DoesNotContain(await bucket.Store().ListAsync(ObjectKeys.JobFolder(job.Id)).Select(o => o.Key).ToListAsync(), k => k.EndsWith(".mp4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restart_resumes_a_half_done_split_job_and_runs_only_the_segment_whose_worker_died()
    {
        var clip = SplitClip.Create(folder.Combine("clips", "lecture.mp4"));
        (string, string)[] split = [("VideoWatermark:Pipeline:SplitAboveSeconds", "4"), ("VideoWatermark:Pipeline:SegmentSeconds", "2.5")];
        string id;

        // The process before the restart cut the job, finished its first segment and died encoding the second.
        using (var before = StoreServices.Build(folder, null, split))
        {
            var job = await S3JobServices.QueueAsync(before, clip, "lecture.mp4");
            var executor = before.GetRequiredService<JobExecutor>();
            Assert.Equal(JobRunOutcome.Split, (await executor.RunAsync(job.Id, "local")).Outcome);
            Assert.Equal(JobRunOutcome.Succeeded, (await executor.RunSegmentAsync(job.Id, 0, "local")).Outcome);
            await before.Jobs().UpdateSegmentAsync(job.Id, 1, s => s.Launch("local").Start("local", DateTimeOffset.UtcNow).Beat(40, DateTimeOffset.UtcNow));
            id = job.Id;
        }

        await using var host = await PipelineHost.StartAsync(folder, split);
        var done = Assert.Single(await host.AllFinishedAsync(1, TimeSpan.FromSeconds(180)));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}");
        Assert.Equal((id, 1), (done.Id, done.Attempts));
        var segments = await host.Jobs.GetSegmentsAsync(id);
        Assert.Equal(segments.Select(s => s.Index == 1 ? 2 : 1), segments.Select(s => s.Attempts));
        var output = folder.Combine("output.mp4");
        await host.Store.DownloadAsync(done.OutputKey, output);
        SplitClip.AssertFrameExact(clip, output, segments);
    }

    [Fact]
    public async Task Cancelling_a_split_job_stops_it_at_once_and_its_waiting_segments_never_run()
    {
        using var services = StoreServices.Build(folder, null,
            ("VideoWatermark:Pipeline:SplitAboveSeconds", "4"),
            ("VideoWatermark:Pipeline:SegmentSeconds", "2.5"));
        var clip = SplitClip.Create(folder.Combine("clips", "lecture.mp4"));
        var job = await S3JobServices.QueueAsync(services, clip, "lecture.mp4");
        var executor = services.GetRequiredService<JobExecutor>();
        Assert.Equal(JobRunOutcome.Split, (await executor.RunAsync(job.Id, "task-plan")).Outcome);

        var cancelled = await services.Jobs().UpdateAsync(job.Id, j => j.CancelByUser(DateTimeOffset.UtcNow));

        Assert.Equal(JobState.Cancelled, cancelled!.State);
        var result = await executor.RunSegmentAsync(job.Id, 0, "task-0");
        Assert.Equal(JobRunOutcome.Skipped, result.Outcome);
        Assert.Equal(JobState.Cancelled, (await services.Jobs().GetSegmentAsync(job.Id, 0))!.State);
    }

    private static ExecutorOptions SplitOptions(string workRoot) => new()
    {
        WorkRoot = workRoot,
        HeartbeatInterval = TimeSpan.FromSeconds(0.3),
        SplitAboveSeconds = 4,
        SegmentSeconds = 2.5,
    };

    private static Dictionary<string, string> WorkerEnvironmentFor(S3rverServer s3, Job job, string work) => new()
    {
        [WorkerEnvironment.InputVideoPath] = $"s3://{s3.Bucket}/{job.InputKey}",
        [WorkerEnvironment.OutputVideoName] = job.OutputKey,
        [WorkerEnvironment.OutputBucket] = s3.Bucket,
        [WorkerEnvironment.WatermarkPath] = $"s3://{s3.Bucket}/{ObjectKeys.DefaultWatermarkKey}",
        [WorkerEnvironment.JobId] = job.Id,
        ["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretAccessKey,
        ["VideoWatermark__Storage__ServiceUrl"] = s3.Endpoint.ToString().TrimEnd('/'),
        ["VideoWatermark__Storage__ForcePathStyle"] = "true",
        ["VideoWatermark__Storage__Region"] = S3rverServer.Region,
        ["VideoWatermark__Pipeline__WorkDir"] = work,
        ["VideoWatermark__Pipeline__HeartbeatSeconds"] = "0.3",
        ["VideoWatermark__Engine__Preset"] = "ultrafast",
    };
}
