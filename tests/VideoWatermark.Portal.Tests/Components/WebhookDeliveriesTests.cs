using Bunit;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Components.Pages;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The job page lists each event's delivery attempts from the outbox: time, status or error, next try.</summary>
public sealed class WebhookDeliveriesTests : PortalComponentContext
{
    [Fact]
    public async Task A_finished_job_shows_each_delivery_attempt_and_the_next_try_and_follows_a_new_one()
    {
        var finished = DateTimeOffset.UtcNow.AddMinutes(-1);
        var job = await AddJobAsync("sent.mp4", JobState.Succeeded, change: j => j with { FinishedAt = finished, OutputSha256 = "ab" });
        var outbox = Services.GetRequiredService<EventOutbox>();
        var e = new WebhookEvent(WebhookEvent.JobSucceeded, $"{job.Id}-1-succeeded", finished,
            new WebhookEventData(job.Id, null, "succeeded", null, job.OutputKey, null, "ab"));
        var next = finished.AddSeconds(10);
        var record = OutboxRecord.New(e, ["https://hooks.example.com/in?token=secret"])
            .Record(0, finished, new DeliveryOutcome(503, null), TimeSpan.FromSeconds(10), TimeSpan.FromHours(24));
        Assert.True(await outbox.TryCreateAsync(record));
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        var row = page.WaitForElement("[data-testid='webhook-attempt']", Wait);
        Assert.Equal("job.succeeded", row.GetAttribute("data-event"));
        Assert.Contains("HTTP 503", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("https://hooks.example.com/in", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(next.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), row.TextContent, StringComparison.Ordinal);

        // The next attempt, recorded by this process's delivery, shows without a reload.
        var key = Core.ObjectKeys.OutboxKey(finished, e.Id);
        await outbox.UpdateAsync(key, r => r.Record(0, next, new DeliveryOutcome(204, null), TimeSpan.FromSeconds(20), TimeSpan.FromHours(24)));
        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid='webhook-attempt']");
            Assert.Equal(2, rows.Count);
            Assert.Contains("delivered (204)", rows[1].TextContent, StringComparison.Ordinal);
        }, Wait);
    }

    [Fact]
    public async Task A_job_retried_and_ended_on_another_day_shows_every_attempts_events()
    {
        var now = DateTimeOffset.UtcNow;
        var firstEnd = now.AddDays(-2);
        var job = await AddJobAsync("twice.mp4", JobState.Succeeded, created: now.AddDays(-3),
            change: j => j with { Attempts = 2, FinishedAt = now.AddMinutes(-1), OutputSha256 = "ab" });
        var outbox = Services.GetRequiredService<EventOutbox>();
        var failed = new WebhookEvent(WebhookEvent.JobFailed, $"{job.Id}-1-failed", firstEnd,
            new WebhookEventData(job.Id, null, "failed", "ffmpeg said no", null, null, null));
        var succeeded = new WebhookEvent(WebhookEvent.JobSucceeded, $"{job.Id}-2-succeeded", now.AddMinutes(-1),
            new WebhookEventData(job.Id, null, "succeeded", null, job.OutputKey, null, "ab"));
        foreach (var e in new[] { failed, succeeded })
        {
            Assert.True(await outbox.TryCreateAsync(OutboxRecord.New(e, ["https://hooks.example.com/in"])
                .Record(0, e.OccurredAt, new DeliveryOutcome(204, null), TimeSpan.Zero, TimeSpan.FromHours(24))));
        }

        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        page.WaitForAssertion(() => Assert.Equal(
            [$"{job.Id}-1-failed", $"{job.Id}-2-succeeded"],
            page.FindAll("[data-testid='webhook-attempt']").Select(r => r.GetAttribute("data-event-id"))), Wait);
        Assert.Equal(["job.failed", "job.succeeded"], page.FindAll("[data-testid='webhook-attempt']").Select(r => r.GetAttribute("data-event")));
    }

    [Fact]
    public async Task A_job_without_events_shows_no_webhook_table()
    {
        var job = await AddJobAsync("quiet.mp4", JobState.Succeeded, change: j => j with { FinishedAt = DateTimeOffset.UtcNow });
        await StartAsync();

        var page = Render<JobDetail>(p => p.Add(x => x.Id, job.Id));

        page.WaitForElement("[data-testid='job-title']", Wait);
        Assert.Empty(page.FindAll("[data-testid='webhook-deliveries']"));
    }
}
