using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Tests.Services;

public sealed class JobIndexTests
{
    [Fact]
    public async Task A_late_older_version_of_a_job_does_not_replace_a_newer_one_and_bursts_become_one_notification()
    {
        var clock = new FakeTimeProvider();
        var index = new JobIndex(clock);
        var notifications = 0;
        index.Changed += () => Interlocked.Increment(ref notifications);
        var t0 = clock.GetUtcNow();
        var job = new Job { Id = JobIds.New(), InputKey = "unprocessed-videos/a.mp4", OutputKey = "watermark-a.mp4", UpdatedAt = t0 };

        for (var p = 1; p <= 50; p++)
        {
            index.Upsert(job with { State = JobState.Running, Progress = p, UpdatedAt = t0.AddMilliseconds(p) });
        }

        index.Upsert(job with { State = JobState.Queued, UpdatedAt = t0 });
        clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.UntilAsync(() => Volatile.Read(ref notifications) > 0, TimeSpan.FromSeconds(30), () => "no notification after the burst");
        // Nothing is pending once the burst's one notification ran: more time passing cannot add another.
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(50, index.Find(job.Id)!.Progress);
        Assert.Equal(1, notifications);
    }

    [Fact]
    public void Filtering_ten_thousand_jobs_takes_milliseconds()
    {
        var index = new JobIndex(TimeProvider.System);
        var t0 = DateTimeOffset.UtcNow;
        index.Load(Enumerable.Range(0, 10_000).Select(i => new Job
        {
            Id = JobIds.New(),
            State = (JobState)(i % 6),
            InputKey = $"unprocessed-videos/x/{i}.mp4",
            OutputKey = $"x/watermark-{i}.mp4",
            FileName = $"clip-{i:00000}.mp4",
            CreatedAt = t0.AddSeconds(i),
        }));

        index.All();
        // The fastest of several runs: on a busy machine one run can lose its core for longer than the whole query takes.
        var fastest = long.MaxValue;
        var failed = index.Query(JobState.Failed, "clip-01");
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            failed = index.Query(JobState.Failed, "clip-01");
            fastest = Math.Min(fastest, watch.ElapsedMilliseconds);
        }

        // clip-01000 .. clip-01999 whose number is 4 mod 6 (Failed): 1000, 1006, ..., 1996.
        Assert.Equal(167, failed.Length);
        Assert.All(failed, j => Assert.Equal(JobState.Failed, j.State));
        Assert.Equal(failed.OrderByDescending(j => j.CreatedAt).Select(j => j.Id), failed.Select(j => j.Id));
        Assert.InRange(fastest, 0, 100);
    }
}
