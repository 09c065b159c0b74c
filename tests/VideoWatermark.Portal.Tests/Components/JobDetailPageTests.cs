using System.Security.Cryptography;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Components;

public sealed class JobDetailPageTests : PortalComponentContext
{
    [Fact]
    public async Task A_failed_job_shows_its_reason_and_its_ffmpeg_log()
    {
        var job = await AddJobAsync("bad.mp4", JobState.Failed, change: j => j with
        {
            Error = "ffmpeg failed: Invalid data found when processing input.",
            LogKey = ObjectKeys.LogKey(j.Id, 1),
        });
        await Store.PutAsync(ObjectKeys.LogKey(job.Id, 1), new MemoryStream(Encoding.UTF8.GetBytes("ffmpeg -i in.mp4 ...\nin.mp4: Invalid data found when processing input\n")), "text/plain");
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        Assert.Equal("bad.mp4", page.Find("[data-testid='job-title']").TextContent);
        Assert.Contains("Invalid data found", page.Find("[data-testid='job-error']").TextContent, StringComparison.Ordinal);
        Assert.Contains("ffmpeg -i in.mp4", page.WaitForElement("[data-testid='job-log']", Wait).TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("[data-testid='retry']"));
    }

    [Fact]
    public async Task A_finished_job_plays_in_the_page_and_downloads_under_its_watermark_name()
    {
        var job = await AddJobAsync("done.mp4", JobState.Succeeded, change: j => j with { OutputSize = 10 });
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        Assert.Equal($"api/jobs/{job.Id}/play", page.Find("[data-testid='result-video']").GetAttribute("src"));
        var download = page.Find("[data-testid='download']");
        Assert.Equal($"api/jobs/{job.Id}/download", download.GetAttribute("href"));
        Assert.Contains("watermark-done.mp4", download.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_job_shows_the_sha256_of_the_output_it_stored()
    {
        await StartAsync();
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "sum.mp4");
        var clip = TestMedia.Clip(Path.Combine(TempFolder.RunRoot, "vw-portal-tests", id, "sum.mp4"), new ClipOptions { Seconds = 1 });
        await Store.UploadAsync(input, clip, "video/mp4");
        Assert.True(await Jobs.TryCreateAsync(new Job { Id = id, State = JobState.Queued, InputKey = input, OutputKey = ObjectKeys.OutputKey(input), FileName = "sum.mp4", Attempts = 1 }));

        // The worker's own code makes, uploads, verifies and records the output.
        var run = await Services.GetRequiredService<JobExecutor>().RunAsync(id, "test");
        Assert.Equal(JobRunOutcome.Succeeded, run.Outcome);

        var page = Render<JobDetail>(p => p.Add(x => x.Id, id));

        await using var stored = await Store.OpenReadAsync(ObjectKeys.OutputKey(input));
        var expected = Convert.ToHexStringLower(await SHA256.HashDataAsync(stored));
        page.WaitForAssertion(() => Assert.Equal(expected, page.Find("[data-testid='output-sha256']").TextContent), Wait);
        Directory.Delete(Path.GetDirectoryName(clip)!, recursive: true);
    }

    [Fact]
    public async Task A_split_job_lists_each_segment_with_its_state_and_attempts()
    {
        var job = await AddJobAsync("lecture.mp4", JobState.Running, change: j => j with { Segments = 3, SplitAt = DateTimeOffset.UtcNow, StartedAt = DateTimeOffset.UtcNow });
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await Jobs.TryCreateSegmentAsync(new JobSegment { JobId = job.Id, Index = i, Count = 3, FrameCount = 1500, StartSeconds = i * 60, EndSeconds = (i + 1) * 60 }));
        }

        await Jobs.UpdateSegmentAsync(job.Id, 0, s => s.Start("t0", DateTimeOffset.UtcNow).Succeed(10, "aa", DateTimeOffset.UtcNow));
        await Jobs.UpdateSegmentAsync(job.Id, 1, s => s.Requeue().Start("t1", DateTimeOffset.UtcNow).Beat(50, DateTimeOffset.UtcNow));
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid='segment']").Count), Wait);
        var rows = page.FindAll("[data-testid='segment']");
        Assert.Equal(["succeeded", "running", "queued"], rows.Select(r => r.GetAttribute("data-state")));
        Assert.Contains("0:01:00–0:02:00", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("2", rows[1].Children[4].TextContent, StringComparison.Ordinal);
        Assert.Contains("50% overall", page.Find("[data-testid='segments']").ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_copy_encoded_once_says_so_and_a_full_encode_does_not()
    {
        var once = await AddJobAsync("cut.mp4", JobState.Succeeded, change: j => j with { BatchId = JobIds.New(), EncodedOnce = true });
        var full = await AddJobAsync("cut.mp4", JobState.Succeeded, change: j => j with { BatchId = JobIds.New() });
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, once.Id));
        page.WaitForAssertion(() => Assert.Contains("re-encoded only where its recipient's layers show", page.Find("[data-testid='encoded-once']").TextContent, StringComparison.Ordinal), Wait);

        var other = Render<JobDetail>(p => p.Add(x => x.Id, full.Id));
        other.WaitForAssertion(() => Assert.NotEmpty(other.FindAll("[data-testid='batch-link']")), Wait);
        Assert.Empty(other.FindAll("[data-testid='encoded-once']"));
    }

    [Fact]
    public async Task A_template_job_names_its_template_and_values_instead_of_a_single_watermarks_placement()
    {
        var templated = await AddJobAsync("cut.mp4", JobState.Succeeded, change: j => j with
        {
            Template = new JobTemplate("screener", 3, new Dictionary<string, string> { ["recipient"] = "Ana Díaz", ["email"] = "ana@example.com" }),
        });
        var single = await AddJobAsync("plain.mp4", JobState.Succeeded);
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, templated.Id));
        page.WaitForAssertion(() => Assert.Equal("screener, version 3", page.Find("[data-testid='job-template']").TextContent), Wait);
        Assert.Equal("recipient: Ana Díaz · email: ana@example.com", page.Find("[data-testid='job-template-values']").TextContent);
        Assert.DoesNotContain("Placement", page.Markup, StringComparison.Ordinal);

        var other = Render<JobDetail>(p => p.Add(x => x.Id, single.Id));
        other.WaitForAssertion(() => Assert.Contains("Placement", other.Markup, StringComparison.Ordinal), Wait);
        Assert.Empty(other.FindAll("[data-testid='job-template']"));
    }

    [Fact]
    public async Task A_running_job_updates_in_place_and_can_be_asked_to_stop()
    {
        var job = await AddJobAsync("run.mp4", JobState.Running, change: j => j with { Progress = 10, StartedAt = DateTimeOffset.UtcNow });
        await StartAsync();
        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        await Jobs.UpdateAsync(job.Id, j => j with { Progress = 70 });
        page.WaitForAssertion(() => Assert.Contains("70%", page.Markup, StringComparison.Ordinal), Wait);

        await page.ClickAsync("[data-testid='cancel']");
        page.WaitForAssertion(() => Assert.Contains("Stopping", page.Find(".state-chip").TextContent, StringComparison.Ordinal), Wait);
        Assert.True((await Jobs.GetAsync(job.Id))!.CancelRequested);
    }

    [Fact]
    public async Task Delete_asks_first_then_removes_the_job_and_its_output_and_returns_to_the_list()
    {
        var job = await AddJobAsync("old.mp4", JobState.Succeeded, change: j => j with { OutputSize = 3 });
        await Store.PutAsync(job.OutputKey, new MemoryStream([1, 2, 3]), "video/mp4");
        await Store.PutAsync(job.InputKey, new MemoryStream([4, 5, 6]), "video/mp4");
        await StartAsync();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        page.ClickToAsk("[data-testid='delete']");
        dialogs.WaitForAssertion(() => Assert.Contains("old.mp4", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(page.Find("[data-testid='delete']").HasAttribute("disabled"));
        await dialogs.ClickButtonAsync(".mud-dialog", "Keep it");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid='delete']").HasAttribute("disabled")), Wait);
        Assert.NotNull(await Jobs.GetAsync(job.Id));

        page.ClickToAsk("[data-testid='delete']");
        await dialogs.ClickButtonAsync(".mud-dialog", "Delete");

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.EndsWith("/jobs", navigation.Uri, StringComparison.Ordinal), Wait);
        Assert.Null(await Jobs.GetAsync(job.Id));
        Assert.Null(await Store.HeadAsync(job.OutputKey));
        Assert.NotNull(await Store.HeadAsync(job.InputKey));
    }

    [Fact]
    public async Task A_cancelled_upload_whose_video_never_arrived_offers_no_retry_and_cannot_be_deleted_while_pending()
    {
        var gaveUp = await AddJobAsync("never.mp4", JobState.Cancelled, change: j => j with { Attempts = 0, Error = "The upload failed: network error." });
        var waiting = await AddJobAsync("waiting.mp4", JobState.Pending);
        await StartAsync();

        var cancelled = Render<JobDetail>(p => p.Add(x => x.Id, gaveUp.Id));
        cancelled.WaitForAssertion(() => Assert.NotNull(cancelled.Find("[data-testid='delete']")), Wait);
        Assert.Empty(cancelled.FindAll("[data-testid='retry']"));

        var pending = Render<JobDetail>(p => p.Add(x => x.Id, waiting.Id));
        pending.WaitForAssertion(() => Assert.NotNull(pending.Find("[data-testid='cancel']")), Wait);
        Assert.Empty(pending.FindAll("[data-testid='delete']"));
    }

    [Fact]
    public async Task A_record_from_before_phase_times_shows_what_it_knows_and_no_run_again_once_its_video_is_gone()
    {
        var job = await AddJobAsync("old.mp4", JobState.Succeeded, change: j => j with { OutputSize = 10 });
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        Assert.Equal("old.mp4", page.Find("[data-testid='job-title']").TextContent);
        Assert.Null(page.Find("[data-testid='result-video']").GetAttribute("style"));
        Assert.Empty(page.FindAll("[data-testid='job-phases']"));
        Assert.Empty(page.FindAll("[data-testid='output-codecs']"));
        Assert.Empty(page.FindAll("[data-testid='run-again']"));
    }

    [Fact]
    public async Task A_finished_job_shows_its_phases_and_format_and_opens_run_again_when_its_video_is_stored()
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-1);
        var job = await AddJobAsync("facts.mp4", JobState.Succeeded, created, j => j with
        {
            OutputSize = 10,
            StartedAt = created.AddSeconds(2),
            EncodeStartedAt = created.AddSeconds(3.5),
            UploadStartedAt = created.AddSeconds(13.5),
            FinishedAt = created.AddSeconds(14),
            Output = new OutputFacts("h264", "aac", 1080, 1920, 12.48, 1_250_000),
        });
        await Store.PutAsync(job.InputKey, new MemoryStream([1, 2, 3]), "video/mp4");
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        Assert.Equal(
            [("waiting", "2.0 s"), ("downloading", "1.5 s"), ("encoding", "10.0 s"), ("uploading", "0.5 s")],
            page.FindAll("[data-testid='job-phases'] dd").Select(d => (d.GetAttribute("data-phase"), d.TextContent)));
        Assert.Equal("H.264 / AAC", page.Find("[data-testid='output-codecs']").TextContent);
        Assert.Equal("1080×1920", page.Find("[data-testid='output-picture']").TextContent);
        Assert.Equal("1.25 Mbit/s", page.Find("[data-testid='output-bitrate']").TextContent);
        Assert.Contains("aspect-ratio: 1080 / 1920", page.Find("[data-testid='result-video']").GetAttribute("style"), StringComparison.Ordinal);

        await page.ClickAsync("[data-testid='run-again']");

        Assert.NotNull(page.WaitForElement("[data-testid='run-again-panel']", Wait));
        Assert.Empty(page.FindAll("[data-testid='run-again']"));
    }

    [Fact]
    public void An_unknown_job_says_so()
    {
        var page = Render<JobDetail>(p => p.Add(x => x.Id, JobIds.New()));
        page.WaitForAssertion(() => Assert.Contains("There is no job", page.Markup, StringComparison.Ordinal), Wait);
    }
}
