using Bunit;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Components.Notifications;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>
/// The browser notification of a job of mine that finished (issue 11): what the tab asks <c>js/notify.js</c> to show.
/// Whether the tab is in the background, and the permission, are the script's; the browser tests cover those.
/// </summary>
public sealed class FinishedJobNotifierTests : PortalComponentContext
{
    private readonly BunitJSModuleInterop notify;

    public FinishedJobNotifierTests()
    {
        notify = JSInterop.SetupModule("./js/notify.js");
        notify.SetupVoid("show", _ => true).SetVoidResult();
    }

    [Fact]
    public async Task My_job_that_succeeds_or_fails_is_shown_once_with_its_name_and_page_while_jobs_finished_before_or_of_others_are_not()
    {
        var before = await AddJobAsync("old.mp4", JobState.Succeeded, change: j => j with { Owner = "admin" });
        var mine = await AddJobAsync("harbour.mp4", JobState.Running, change: j => j with { Owner = "admin" });
        var broken = await AddJobAsync("broken.mov", JobState.Queued, change: j => j with { Owner = "admin" });
        var theirs = await AddJobAsync("theirs.mp4", JobState.Running, change: j => j with { Owner = "bob" });
        var cancelled = await AddJobAsync("stopped.mp4", JobState.Running, change: j => j with { Owner = "admin" });
        await StartAsync();
        Render<FinishedJobNotifier>();
        await WaitForImportAsync();

        // As the pipeline writes them: each change through the job's own transition, stored, then fed to the index.
        var now = DateTimeOffset.UtcNow;
        await Jobs.UpdateAsync(theirs.Id, j => j.Succeed(1_000, "sha", now));
        await Jobs.UpdateAsync(cancelled.Id, j => j.Cancel("Cancelled by admin.", now));
        await Jobs.UpdateAsync(before.Id, j => j with { OutputSize = 5 });
        await Jobs.UpdateAsync(mine.Id, j => j.Beat(0.9, now));
        await Jobs.UpdateAsync(mine.Id, j => j.Succeed(1_000, "sha", now));
        await Jobs.UpdateAsync(broken.Id, j => j.Fail("The video has no video stream.", now, permanent: true));

        Func<IReadOnlyList<string>> shown = () => [.. notify.Invocations["show"].Select(i => string.Join(" | ", i.Arguments)).Order(StringComparer.Ordinal)];
        await WaitUntilAsync(() => shown().Count == 2);
        Assert.Equal(
            [
                $"Failed: broken.mov | The video has no video stream. | jobs/{broken.Id} | {broken.Id}",
                $"Watermarked: harbour.mp4 | Ready to preview and download. | jobs/{mine.Id} | {mine.Id}",
            ],
            shown());
    }

    [Fact]
    public async Task A_job_retried_after_it_failed_is_shown_again_when_it_finishes_again()
    {
        var job = await AddJobAsync("again.mp4", JobState.Running, change: j => j with { Owner = "admin" });
        await StartAsync();
        Render<FinishedJobNotifier>();
        await WaitForImportAsync();

        var now = DateTimeOffset.UtcNow;
        await Jobs.UpdateAsync(job.Id, j => j.Fail("The worker stopped.", now));
        await WaitUntilAsync(() => notify.Invocations["show"].Count == 1);
        Assert.Equal("Failed: again.mp4", notify.Invocations["show"][0].Arguments[0]);
        await Jobs.UpdateAsync(job.Id, j => j.Retry());
        await Jobs.UpdateAsync(job.Id, j => j.Start("worker-1", now));
        await Jobs.UpdateAsync(job.Id, j => j.Succeed(1_000, "sha", now));

        await WaitUntilAsync(() => notify.Invocations["show"].Count == 2);
        Assert.Equal("Watermarked: again.mp4", notify.Invocations["show"][1].Arguments[0]);
    }

    [Fact]
    public async Task Nobody_signed_in_gets_nothing_asked_of_the_browser()
    {
        Authorization.SetNotAuthorized();
        await StartAsync();

        Render<FinishedJobNotifier>();

        Assert.DoesNotContain(JSInterop.Invocations, i => i.Identifier == "import" && Equals(i.Arguments[0], "./js/notify.js"));
    }

    [Fact]
    public void The_watch_counts_a_job_first_seen_finished_after_the_first_look_and_each_later_finish_once()
    {
        var watch = new FinishedJobWatch("ana");
        var job = new Job { Id = "j1", State = JobState.Succeeded, Owner = "ana", FileName = "a.mp4", InputKey = "k", OutputKey = "o", Attempts = 1 };

        Assert.Empty(watch.Look([]));
        Assert.Equal(["j1"], watch.Look([job]).Select(j => j.Id));
        Assert.Empty(watch.Look([job]));
        Assert.Equal(["j1"], watch.Look([job with { State = JobState.Failed, Attempts = 2 }]).Select(j => j.Id));

        // Deleted, then a record of that id again: forgotten in between, so seen anew.
        Assert.Empty(watch.Look([]));
        Assert.Equal(["j1"], watch.Look([job]).Select(j => j.Id));
    }

    private Task WaitForImportAsync() =>
        WaitUntilAsync(() => JSInterop.Invocations.Any(i => i.Identifier == "import" && Equals(i.Arguments[0], "./js/notify.js")));

    private Task WaitUntilAsync(Func<bool> condition) =>
        Eventually.UntilAsync(condition, Wait, () => $"the notifier got no further; shown: {notify.Invocations["show"].Count}");
}
