using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Local;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The Workers page on one machine: the local pool's workers, what each runs, and the pace and totals.</summary>
public sealed class WorkersPageTests : PortalComponentContext
{
    private WorkerSlots Slots => Services.GetRequiredService<WorkerSlots>();

    [Fact]
    public async Task Every_worker_of_the_pool_shows_idle_when_nothing_runs()
    {
        await StartAsync();
        var page = Render<Workers>();

        var cards = page.FindAll(".worker-card");
        Assert.True(Slots.Count >= 2, "the pool has a few workers by default");
        Assert.Equal(Enumerable.Range(1, Slots.Count).Select(n => $"Worker {n}"), cards.Select(c => c.GetAttribute("data-worker")));
        Assert.All(cards, c =>
        {
            Assert.Equal("idle", c.GetAttribute("data-state"));
            Assert.Contains("Idle", c.TextContent, StringComparison.Ordinal);
            Assert.Null(c.QuerySelector("a"));
        });
        Assert.Contains($"{Slots.Count} workers", page.Find("[data-testid='workers-kind']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_that_takes_a_job_shows_it_live_with_a_link_progress_and_time_then_idle_again()
    {
        var now = Clock.Freeze();
        var job = await AddJobAsync("beach.mp4", JobState.Running, change: j => j with { StartedAt = now.AddSeconds(-11), Progress = 55 });
        await StartAsync();
        var page = Render<Workers>();
        Assert.Equal("idle", page.Find("[data-worker='Worker 2']").GetAttribute("data-state"));

        Slots.Take(2, new WorkItem(job.Id));

        page.WaitForAssertion(() => Assert.Equal("busy", page.Find("[data-worker='Worker 2']").GetAttribute("data-state")), Wait);
        var card = page.Find("[data-worker='Worker 2']");
        var link = card.QuerySelector("a.worker-job-link")!;
        Assert.Equal($"jobs/{job.Id}", link.GetAttribute("href"));
        Assert.Equal("beach.mp4", link.TextContent);
        Assert.Contains("55% · 11s elapsed", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("idle", page.Find("[data-worker='Worker 1']").GetAttribute("data-state"));

        // Progress written by the run reaches the open page.
        await Jobs.UpdateAsync(job.Id, j => j with { Progress = 80 });
        page.WaitForAssertion(() => Assert.Contains("80% · 11s elapsed", page.Find("[data-worker='Worker 2']").TextContent, StringComparison.Ordinal), Wait);

        Slots.Release(2);
        page.WaitForAssertion(() => Assert.Equal("idle", page.Find("[data-worker='Worker 2']").GetAttribute("data-state")), Wait);
    }

    [Fact]
    public async Task A_worker_running_one_segment_of_a_split_job_names_the_segment_and_shows_its_own_progress()
    {
        var now = Clock.Freeze();
        var job = await AddJobAsync("long-film.mp4", JobState.Running, change: j => j with { StartedAt = now.AddMinutes(-5), Segments = 3, SplitAt = now.AddMinutes(-4), Progress = 20 });
        Assert.True(await Jobs.TryCreateSegmentAsync(new JobSegment
        {
            JobId = job.Id,
            Index = 1,
            Count = 3,
            State = JobState.Running,
            Progress = 30,
            StartedAt = now.AddSeconds(-75),
            StartSeconds = 60,
            EndSeconds = 120,
            CreatedAt = now.AddMinutes(-4),
        }));
        await StartAsync();
        Slots.Take(1, new WorkItem(job.Id, 1));

        var page = Render<Workers>();

        // The segment's own record is read from the store, after the first render.
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-worker='Worker 1'] .worker-segment")), Wait);
        var card = page.Find("[data-worker='Worker 1']");
        Assert.Equal("busy", card.GetAttribute("data-state"));
        Assert.Equal("long-film.mp4", card.QuerySelector("a.worker-job-link")!.TextContent);
        Assert.Equal("segment 2 of 3", card.QuerySelector(".worker-segment")!.TextContent);
        Assert.Contains("30% · 1m 15s elapsed", card.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pace_and_the_totals_count_the_finished_jobs()
    {
        var now = Clock.Freeze();
        await AddJobAsync("a.mp4", JobState.Succeeded, change: j => j with { StartedAt = now.AddMinutes(-30), FinishedAt = now.AddSeconds(-1760), VideoSeconds = 120 });
        await AddJobAsync("b.mp4", JobState.Succeeded, change: j => j with { StartedAt = now.AddMinutes(-10), FinishedAt = now.AddSeconds(-580), VideoSeconds = 60 });
        await AddJobAsync("yesterday.mp4", JobState.Succeeded, change: j => j with { StartedAt = now.AddDays(-1), FinishedAt = now.AddDays(-1).AddMinutes(20), VideoSeconds = 3420 });
        await AddJobAsync("broken.mp4", JobState.Failed, change: j => j with { StartedAt = now.AddMinutes(-3), FinishedAt = now.AddMinutes(-2), Error = "bad" });
        await AddJobAsync("waiting.mp4", JobState.Queued);
        await StartAsync();

        var page = Render<Workers>();

        // Two finished within the hour: 180 s of video in 60 s of running. In all: 3600 s of video, one hour.
        Assert.Equal("2", Figure(page, "videos-per-hour"));
        Assert.Equal("3.0×", Figure(page, "realtime"));
        Assert.Equal("3", Figure(page, "succeeded"));
        Assert.Equal("1", Figure(page, "failed"));
        Assert.Equal("1.0 h", Figure(page, "video-hours"));

        // A job finishing while the page is open counts at once.
        var c = await AddJobAsync("c.mp4", JobState.Running, change: j => j with { StartedAt = now.AddSeconds(-30) });
        await Jobs.UpdateAsync(c.Id, j => j with { State = JobState.Succeeded, FinishedAt = now, Progress = 100, VideoSeconds = 360 });
        page.WaitForAssertion(() => Assert.Equal("4", Figure(page, "succeeded")), Wait);
        Assert.Equal("3", Figure(page, "videos-per-hour"));
        Assert.Equal("6.0×", Figure(page, "realtime"));
        Assert.Equal("1.1 h", Figure(page, "video-hours"));
    }

    private static string Figure(IRenderedComponent<Workers> page, string name) =>
        page.Find($"[data-figure='{name}'] .throughput-value").TextContent.Trim();
}

/// <summary>
/// The Workers page on AWS, where the portal holds no pool: each running job or segment from the job index, with the
/// Fargate task it runs on.
/// </summary>
public sealed class WorkersPageOnAwsTests : PortalComponentContext
{
    public WorkersPageOnAwsTests() =>
        // As on AWS: no local pool (IWorkerSlots is only registered in Local mode).
        Services.AddSingleton(sp => new WorkerBoard(sp.GetRequiredService<JobIndex>(), sp.GetRequiredService<JobStore>(), sp.GetRequiredService<TimeProvider>()));

    [Fact]
    public async Task Each_running_task_shows_with_its_job_and_segment_and_no_task_shows_nothing_running()
    {
        var now = Clock.Freeze();
        await StartAsync();
        var page = Render<Workers>();
        Assert.NotNull(page.Find("[data-testid='no-tasks']"));

        var whole = await AddJobAsync("whole.mp4", JobState.Running, change: j => j with
        {
            StartedAt = now.AddSeconds(-42),
            Progress = 10,
            TaskId = "arn:aws:ecs:eu-west-1:123456789012:task/videowatermark/0f1e2d3c",
        });
        var split = await AddJobAsync("split.mp4", JobState.Running, change: j => j with { StartedAt = now.AddMinutes(-3), Segments = 2, SplitAt = now.AddMinutes(-3) });
        foreach (var (index, state) in new[] { (0, JobState.Succeeded), (1, JobState.Running) })
        {
            Assert.True(await Jobs.TryCreateSegmentAsync(new JobSegment
            {
                JobId = split.Id,
                Index = index,
                Count = 2,
                State = state,
                Progress = state == JobState.Running ? 45 : 100,
                StartedAt = now.AddSeconds(-65),
                TaskId = $"arn:aws:ecs:eu-west-1:123456789012:task/videowatermark/seg{index}",
                CreatedAt = now.AddMinutes(-3),
            }));
        }

        // The segments' records do not pass through the job index: the split job's next change brings the page to read them.
        await Jobs.UpdateAsync(split.Id, j => j with { Progress = 72 });

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".worker-card").Count), Wait);
        var task = page.Find("[data-worker='Task 0f1e2d3c']");
        Assert.Equal($"jobs/{whole.Id}", task.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("10% · 42s elapsed", task.TextContent, StringComparison.Ordinal);
        var segment = page.Find("[data-worker='Task seg1']");
        Assert.Equal($"jobs/{split.Id}", segment.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("segment 2 of 2", segment.QuerySelector(".worker-segment")!.TextContent);
        Assert.Contains("45% · 1m 05s elapsed", segment.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-worker='Task seg0']"));
    }
}
