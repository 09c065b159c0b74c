using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
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
/// The product's own processes are killed with SIGKILL in the middle of an encode and started again: the job runs
/// again and finishes once, with exactly one output, a decodable video and the original as it was.
/// </summary>
public sealed class FaultProcessKillTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task The_portal_killed_mid_encode_resumes_the_job_after_a_restart_and_makes_exactly_one_output()
    {
        // ffmpeg reads the 8 s clip at half speed, so the encode lasts 16 s or more however fast the machine is, and it
        // is frozen as soon as it shows progress: the kill lands mid-encode.
        using var gate = new FfmpegGate(readRate: 0.5);
        var data = folder.Combine("data");
        var work = folder.Combine("work");
        var clip = TestMedia.Clip(folder.Combine("clips", "long clip.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 8 });
        var environment = new Dictionary<string, string>
        {
            ["VideoWatermark__DataDir"] = data,
            ["VideoWatermark__Pipeline__WorkDir"] = work,
            ["VideoWatermark__Pipeline__Workers"] = "1",
            ["VideoWatermark__Pipeline__HeartbeatSeconds"] = "0.3",
            ["VideoWatermark__Pipeline__HotFolderSettleSeconds"] = "0.5",
            ["VideoWatermark__Engine__Preset"] = "ultrafast",
            ["VideoWatermark__Engine__FfmpegPath"] = gate.Path,
        };

        using (var first = await StartPortalAsync(environment))
        {
            // Dropped into the hot folder the way a person copies a file in: written elsewhere, then moved in whole.
            var incoming = folder.Combine("incoming.mp4");
            File.Copy(clip, incoming);
            Directory.CreateDirectory(Path.Combine(data, "unprocessed-videos"));
            File.Move(incoming, Path.Combine(data, "unprocessed-videos", "long clip.mp4"));

            var running = await WaitForJobAsync(data, j => j is { State: JobState.Running, Progress: > 0 }, first, TimeSpan.FromSeconds(60));
            gate.Pause();
            await first.KillAsync();

            var left = await ReadJobAsync(data, running.Id);
            Assert.Equal(JobState.Running, left.State);
            Assert.Null(left.OutputSha256);
        }

        // The encode that matters from here is the rerun, and nothing needs to catch it mid-way.
        environment.Remove("VideoWatermark__Engine__FfmpegPath");
        using var second = await StartPortalAsync(environment);
        var done = await WaitForJobAsync(data, j => j.State.IsFinal(), second, TimeSpan.FromSeconds(90));

        Assert.True(done.State == JobState.Succeeded, $"{done.State}: {done.Error}\n{second.Output}");
        Assert.Equal(2, done.Attempts);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(data, "jobs"), "*.json"));
        Assert.Equal("watermark-long clip.mp4", done.OutputKey);
        var outputs = Directory.EnumerateFiles(data, "watermark-*").Select(Path.GetFileName).ToList();
        Assert.Equal(["watermark-long clip.mp4"], outputs);
        Assert.Empty(Leftovers(data));
        Assert.Empty(Leftovers(work));
        Assert.Empty(Directory.Exists(work) ? Directory.EnumerateFileSystemEntries(work) : []);

        var output = Path.Combine(data, done.OutputKey);
        Assert.Equal(done.OutputSize, new FileInfo(output).Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(output))), done.OutputSha256);
        Assert.Equal(Frames.CountFrames(clip), Frames.CountFrames(output));
        Assert.Equal(await File.ReadAllBytesAsync(clip), await File.ReadAllBytesAsync(Path.Combine(data, "unprocessed-videos", "long clip.mp4")));
    }

    [Fact]
    public async Task A_fargate_worker_killed_mid_encode_is_run_again_by_the_sweep_and_makes_exactly_one_output()
    {
        await using var s3 = await S3rverServer.StartAsync();
        using var gate = new FfmpegGate(readRate: 0.5);
        var work = folder.Combine("work");
        await using var bucket = S3JobServices.Build(s3, new ExecutorOptions { WorkRoot = folder.Combine("test-work") }, new LogLines());
        var clip = TestMedia.Clip(folder.Combine("clips", "long.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 8 });
        var job = await S3JobServices.QueueAsync(bucket, clip, "long.mp4");
        var environment = new Dictionary<string, string>
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
            ["VideoWatermark__Engine__FfmpegPath"] = gate.Path,
        };

        using (var first = ProductProcess.Start("VideoWatermark.Worker", environment))
        {
            await Eventually.WaitAsync(
                async () => await bucket.Jobs().GetAsync(job.Id) is { State: JobState.Running, Progress: > 0 } running ? running : null,
                TimeSpan.FromSeconds(60),
                () => $"the worker never showed progress:\n{first.Output}");
            gate.Pause();
            await first.KillAsync();
        }

        // The dispatcher's schedule finds the silent worker and starts another task for the job (recorded here).
        var launcher = new RecordingLauncher();
        // Its clock a minute on: the killed worker's last heartbeat is past the one-second lease without waiting for it.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(1));
        var dispatch = new DispatchService(bucket.Jobs(), bucket.Store(), launcher, new DispatchOptions { Lease = TimeSpan.FromSeconds(1) }, later, NullLogger<DispatchService>.Instance);
        var swept = Assert.Single(await dispatch.SweepAsync());
        Assert.Equal(DispatchOutcome.Launched, swept.Outcome);
        Assert.Equal(2, Assert.Single(launcher.Launched).Attempts);

        environment.Remove("VideoWatermark__Engine__FfmpegPath");
        using var second = ProductProcess.Start("VideoWatermark.Worker", environment);
        var exit = await second.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == 0, $"exit {exit}:\n{second.Output}");
        var done = (await bucket.Jobs().GetAsync(job.Id))!;
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Equal(2, done.Attempts);
        var objects = await bucket.Store().ListAsync(job.Id + "/").Select(o => o.Key).ToListAsync();
        Assert.Equal([job.OutputKey], objects);
        var output = folder.Combine("out.mp4");
        var bytes = await bucket.Store().ReadAllAsync(job.OutputKey);
        await File.WriteAllBytesAsync(output, bytes);
        Assert.Equal(done.OutputSize, bytes.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), done.OutputSha256);
        Assert.Equal(Frames.CountFrames(clip), Frames.CountFrames(output));
        Assert.Equal(await File.ReadAllBytesAsync(clip), await bucket.Store().ReadAllAsync(job.InputKey));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
    }

    private static async Task<ProductProcess> StartPortalAsync(IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var portal = ProductProcess.Start("VideoWatermark.Portal", environment, "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        try
        {
            await portal.WaitUntilHealthyAsync(new Uri($"http://127.0.0.1:{port}/health"), TimeSpan.FromSeconds(60));
            return portal;
        }
        catch
        {
            portal.Dispose();
            throw;
        }
    }

    /// <summary>The one job record in the data folder, once it matches; read from the files, as the portal keeps them.</summary>
    private static Task<Job> WaitForJobAsync(string data, Func<Job, bool> match, ProductProcess portal, TimeSpan timeout)
    {
        Job? last = null;
        return Eventually.WaitAsync(
            async () =>
            {
                var folder = Path.Combine(data, "jobs");
                var file = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json").SingleOrDefault() : null;
                last = file is null ? null : JobJson.Deserialize(await File.ReadAllBytesAsync(file));
                return last is not null && match(last) ? last : null;
            },
            timeout,
            () => $"last seen: {last?.State} {last?.Progress} {last?.Error}\n{portal.Output}");
    }

    private static async Task<Job> ReadJobAsync(string data, string id) =>
        JobJson.Deserialize(await File.ReadAllBytesAsync(Path.Combine(data, "jobs", id + ".json")));

    /// <summary>Half-written files anywhere below <paramref name="root"/>: the engine's and the downloads' temporaries.</summary>
    private static IEnumerable<string> Leftovers(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(f => f.EndsWith(".partial", StringComparison.Ordinal) || f.EndsWith(".part", StringComparison.Ordinal))
            : [];
}
