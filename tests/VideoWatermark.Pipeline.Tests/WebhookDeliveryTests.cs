using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Core.Events;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Http;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>One event delivered over real sockets to a receiver on 127.0.0.1: refused when private targets are off, redirects not followed.</summary>
public sealed class WebhookDeliveryTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_loopback_target_is_refused_at_connect_without_AllowPrivateTargets(string host)
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        var (outbox, delivery) = Delivery(new EventsOptions { WebhookSecret = "s" });
        var key = await RecordAsync(outbox, $"http://{host}:{receiver.Port}/hook");

        Assert.Equal(1, await delivery.DeliverAsync(key, CancellationToken.None));

        var attempt = Assert.Single((await outbox.GetAsync(key))!.Deliveries[0].Attempts);
        Assert.Null(attempt.Status);
        Assert.Contains("private address", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task The_same_target_is_reached_with_AllowPrivateTargets()
    {
        using var receiver = new WebhookReceiver();
        receiver.Start();
        var (outbox, delivery) = Delivery(new EventsOptions { WebhookSecret = "s", AllowPrivateTargets = true });
        var key = await RecordAsync(outbox, receiver.Url());

        Assert.Equal(1, await delivery.DeliverAsync(key, CancellationToken.None));

        Assert.True(Assert.Single(receiver.Requests).SignedWith("s"));
        Assert.True((await outbox.GetAsync(key))!.Settled);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_counts_as_not_delivered()
    {
        using var receiver = new WebhookReceiver();
        receiver.Answer = path => path == "/hook" ? (302, $"http://127.0.0.1:{receiver.Port}/elsewhere") : (204, null);
        receiver.Start();
        var (outbox, delivery) = Delivery(new EventsOptions { AllowPrivateTargets = true, FirstRetrySeconds = 3600 });
        var key = await RecordAsync(outbox, receiver.Url());

        Assert.Equal(1, await delivery.DeliverAsync(key, CancellationToken.None));

        Assert.Equal("/hook", Assert.Single(receiver.Requests).Path);
        var record = (await outbox.GetAsync(key))!;
        var attempt = Assert.Single(record.Deliveries[0].Attempts);
        Assert.Equal(302, attempt.Status);
        Assert.Contains("not followed", attempt.Error, StringComparison.Ordinal);
        Assert.False(record.Settled);
        Assert.NotNull(record.Deliveries[0].NextAttemptAt);
    }

    private (EventOutbox Outbox, EventDelivery Delivery) Delivery(EventsOptions options)
    {
        var store = new DiskObjectStore(new DiskStoreOptions { Root = folder.Combine("data") }, []);
        var outbox = new EventOutbox(store);
        var sender = new WebhookSender(options, new WebhookTargets(options));
        return (outbox, new EventDelivery(outbox, sender, options, TimeProvider.System, NullLogger<EventDelivery>.Instance));
    }

    private static async Task<string> RecordAsync(EventOutbox outbox, string url)
    {
        var e = new WebhookEvent(WebhookEvent.JobSucceeded, $"{Core.Jobs.JobIds.New()}-1-succeeded", DateTimeOffset.UtcNow,
            new WebhookEventData("j", null, "succeeded", null, "watermark-a.mp4", null, "ab"));
        Assert.True(await outbox.TryCreateAsync(OutboxRecord.New(e, [url])));
        return Core.ObjectKeys.OutboxKey(e.OccurredAt, e.Id);
    }
}
