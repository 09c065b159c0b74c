using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// A fuzz-style run of the real local pipeline (disk store, worker pool, ffmpeg): over two hundred bad videos and a
/// handful of bad watermarks, with good videos in between. Every bad job fails with one readable line, every good one
/// succeeds, nothing half-written is left, no original changes, and the host keeps running.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Hundreds_of_bad_videos_and_bad_watermarks_fail_with_a_reason_while_good_videos_still_succeed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var asked = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref asked);
            }
        });
        var listenerUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

        var videos = HostileCorpus.Videos(folder.Combine("bad-videos"));
        var marks = HostileCorpus.Watermarks(folder.Combine("bad-marks"), listenerUrl);
        var good = await Clips.GetAsync(1);
        Assert.True(videos.Count >= 200, $"only {videos.Count} bad videos were made");

        // Every video arrives through the store, whose events start the jobs; the hot folder and the lease monitor,
        // which re-read every job record, are slowed down so two hundred records do not crowd the two cores.
        await using var pipeline = await PipelineHost.StartAsync(folder,
            ("VideoWatermark:Pipeline:HotFolderSettleSeconds", "600"),
            ("VideoWatermark:Pipeline:HotFolderScanSeconds", "600"),
            ("VideoWatermark:Pipeline:SweepSeconds", "60"),
            ("VideoWatermark:Pipeline:HeartbeatSeconds", "1"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var originals = new Dictionary<string, (string Kind, byte[] Hash)>();
        var expectedGood = new HashSet<string>();
        for (var i = 0; i < videos.Count; i++)
        {
            var key = $"{ObjectKeys.UnprocessedPrefix}{Path.GetFileName(videos[i].Path)}";
            await pipeline.Store.UploadAsync(key, videos[i].Path);
            originals[key] = (videos[i].Kind, SHA256.HashData(await File.ReadAllBytesAsync(videos[i].Path)));
            if (i % 25 == 0)
            {
                var goodKey = $"{ObjectKeys.UnprocessedPrefix}good-{i:000}.mp4";
                await pipeline.Store.UploadAsync(goodKey, good);
                expectedGood.Add(goodKey);
            }
        }

        // Bad watermarks reach the worker the way a script with bucket access would put them there, past the portal.
        foreach (var mark in marks)
        {
            var imageKey = ObjectKeys.WatermarkKey(Path.GetFileName(mark.Path));
            await pipeline.Store.UploadAsync(imageKey, mark.Path, "application/octet-stream");
            var id = JobIds.New();
            var inputKey = ObjectKeys.PortalUploadKey(id, "stamped.mp4");
            Assert.True(await pipeline.Jobs.TryCreateAsync(new Job
            {
                Id = id,
                State = JobState.Pending,
                InputKey = inputKey,
                OutputKey = ObjectKeys.OutputKey(inputKey),
                FileName = "stamped.mp4",
                Watermark = new WatermarkSpec { Image = imageKey },
            }));
            await pipeline.Store.UploadAsync(inputKey, good);
            originals[inputKey] = (mark.Kind + " as the watermark", SHA256.HashData(await File.ReadAllBytesAsync(good)));
        }

        var total = videos.Count + expectedGood.Count + marks.Count;
        var jobs = await AllFinishedAsync(pipeline, total);
        var elapsed = clock.Elapsed;

        Assert.Equal(total, jobs.Count);
        var problems = new List<string>();
        foreach (var job in jobs)
        {
            var exists = await pipeline.Store.HeadAsync(job.OutputKey) is not null;
            if (expectedGood.Contains(job.InputKey))
            {
                if (job.State != JobState.Succeeded || !exists)
                {
                    problems.Add($"good {job.InputKey}: {job.State} {job.Error}");
                }

                continue;
            }

            var kind = originals[job.InputKey].Kind;
            if (job.State != JobState.Failed)
            {
                var log = job.LogKey is null ? "" : System.Text.Encoding.UTF8.GetString(await pipeline.Store.ReadAllAsync(job.LogKey));
                problems.Add($"{kind} {job.FileName}: {job.State}, expected failed; its log:\n{log}");
            }
            else if (!Readable(job.Error))
            {
                problems.Add($"{kind} {job.FileName}: unreadable reason '{job.Error}'");
            }

            if (exists)
            {
                problems.Add($"{kind} {job.FileName}: an output {job.OutputKey} exists");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {jobs.Count} jobs went wrong:\n{string.Join('\n', problems)}");

        foreach (var (key, (kind, hash)) in originals)
        {
            var now = SHA256.HashData(await pipeline.Store.ReadAllAsync(key));
            Assert.True(hash.AsSpan().SequenceEqual(now), $"the original {key} ({kind}) changed");
        }

        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.partial", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Combine("work")));
        Assert.Equal(0, asked);

        // The host is up and the pool still serves: one more good video goes through.
        Assert.False(pipeline.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await pipeline.Store.UploadAsync($"{ObjectKeys.UnprocessedPrefix}after.mp4", good);
        var after = (await AllFinishedAsync(pipeline, total + 1)).Single(j => j.FileName == "after.mp4");
        Assert.Equal(JobState.Succeeded, after.State);

        var reasons = jobs.Where(j => j.State == JobState.Failed).GroupBy(j => originals[j.InputKey].Kind)
            .Select(g => $"{g.Key} ({g.Count()}): {g.First().Error}");
        Console.WriteLine($"{jobs.Count} jobs in {elapsed.TotalSeconds:0.0} s; reasons by kind:\n{string.Join('\n', reasons)}");
    }

    /// <summary>
    /// Waits for every job to end, reading the records once a second: reading two hundred of them ten times a second,
    /// as the helper does by default, would take the cores the workers need.
    /// </summary>
    private static async Task<IReadOnlyList<Job>> AllFinishedAsync(PipelineHost pipeline, int expected)
    {
        List<Job> jobs = [];
        return await Eventually.WaitAsync<IReadOnlyList<Job>>(
            async () =>
            {
                jobs = await pipeline.Jobs.ListAsync().ToListAsync();
                return jobs.Count >= expected && jobs.All(j => j.State.IsFinal()) ? jobs : null;
            },
            TimeSpan.FromMinutes(8),
            () => $"{jobs.Count(j => j.State.IsFinal())} of {expected} jobs ended in 8 minutes; waiting: "
                + string.Join(", ", jobs.Where(j => !j.State.IsFinal()).Select(j => $"{j.FileName} {j.State}")),
            TimeSpan.FromSeconds(1));
    }

    /// <summary>One line a person can read: no line breaks, no stack trace, no path of the worker's machine.</summary>
    private bool Readable(string? reason) =>
        !string.IsNullOrWhiteSpace(reason) && reason.Length is > 20 and < 400
        && !reason.Contains('\n') && !reason.Contains(" at VideoWatermark", StringComparison.Ordinal)
        && !reason.Contains(Path.GetTempPath(), StringComparison.Ordinal) && !reason.Contains(folder.Path, StringComparison.Ordinal);
}
