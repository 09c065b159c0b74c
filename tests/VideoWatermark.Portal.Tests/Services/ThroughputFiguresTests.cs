using Microsoft.Extensions.Time.Testing;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Tests.Services;

public sealed class ThroughputFiguresTests
{
    private static readonly DateTimeOffset T = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_last_hours_pace_and_the_totals_come_from_the_finished_jobs()
    {
        var clock = new FakeTimeProvider(T);
        var jobs = KnownJobs();

        var figures = ThroughputFigures.Of(jobs, clock.GetUtcNow());

        // a, b and the one of unknown length finished within the hour; the old one and the failed one do not count.
        Assert.Equal(3, figures.VideosLastHour);
        // 30 min + 10 min of video in 10 min + 5 min of running: 2400 s / 900 s.
        Assert.Equal(2400.0 / 900, figures.Realtime!.Value, 6);
        Assert.Equal(4, figures.Succeeded);
        Assert.Equal(1, figures.Failed);
        // 30 + 10 + 60 minutes of known length.
        Assert.Equal(100.0 / 60, figures.VideoHours, 6);
    }

    [Fact]
    public void A_job_leaves_the_pace_an_hour_after_it_finished_but_stays_in_the_totals()
    {
        var clock = new FakeTimeProvider(T);
        var jobs = KnownJobs();

        clock.Advance(TimeSpan.FromMinutes(40));
        var later = ThroughputFigures.Of(jobs, clock.GetUtcNow());

        // Only b (finished 5 minutes before T) is still within the hour: a finished exactly an hour ago.
        Assert.Equal(1, later.VideosLastHour);
        Assert.Equal(2.0, later.Realtime!.Value, 6);
        Assert.Equal(4, later.Succeeded);
        Assert.Equal(100.0 / 60, later.VideoHours, 6);

        clock.Advance(TimeSpan.FromHours(1));
        var idle = ThroughputFigures.Of(jobs, clock.GetUtcNow());
        Assert.Equal(0, idle.VideosLastHour);
        Assert.Null(idle.Realtime);
    }

    [Fact]
    public void Without_finished_jobs_or_known_lengths_there_is_no_realtime_figure()
    {
        Assert.Equal(new ThroughputFigures(0, null, 0, 0, 0), ThroughputFigures.Of([], T));

        var unknown = Finished("old-record.mp4", T.AddMinutes(-10), T.AddMinutes(-5), videoSeconds: null);
        var figures = ThroughputFigures.Of([unknown], T);
        Assert.Equal(1, figures.VideosLastHour);
        Assert.Null(figures.Realtime);
        Assert.Equal(0, figures.VideoHours);
    }

    private static List<Job> KnownJobs() =>
    [
        Finished("a.mp4", T.AddMinutes(-30), T.AddMinutes(-20), videoSeconds: 1800),
        Finished("b.mp4", T.AddMinutes(-10), T.AddMinutes(-5), videoSeconds: 600),
        Finished("unknown-length.mp4", T.AddMinutes(-40), T.AddMinutes(-35), videoSeconds: null),
        Finished("old.mp4", T.AddMinutes(-130), T.AddMinutes(-120), videoSeconds: 3600),
        Record("failed.mp4", JobState.Failed) with { StartedAt = T.AddMinutes(-20), FinishedAt = T.AddMinutes(-15) },
        Record("running.mp4", JobState.Running) with { StartedAt = T.AddMinutes(-1), Progress = 50 },
        Record("queued.mp4", JobState.Queued),
        Record("cancelled.mp4", JobState.Cancelled) with { FinishedAt = T.AddMinutes(-3) },
    ];

    private static Job Finished(string name, DateTimeOffset started, DateTimeOffset finished, double? videoSeconds) =>
        Record(name, JobState.Succeeded) with { StartedAt = started, FinishedAt = finished, Progress = 100, VideoSeconds = videoSeconds };

    private static Job Record(string name, JobState state) => new()
    {
        Id = JobIds.New(),
        State = state,
        InputKey = $"unprocessed-videos/{name}",
        OutputKey = $"watermark-{name}",
        FileName = name,
        CreatedAt = T.AddHours(-3),
    };
}
