using VideoWatermark.Core.Events;

namespace VideoWatermark.Core.Tests.Events;

public sealed class OutboxRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_event_is_due_at_once_then_claimed_then_waits_its_backoff_and_is_given_up_after_the_window()
    {
        var record = OutboxRecord.New(Event(), ["https://a.example.com/h", "https://a.example.com/h", "https://b.example.com/h"]);
        Assert.Equal(2, record.Deliveries.Count);
        Assert.True(record.Deliveries[0].Due(T0));

        var claimed = record.Claim(0, T0, TimeSpan.FromSeconds(30));
        Assert.False(claimed.Deliveries[0].Due(T0.AddSeconds(29)));
        Assert.Throws<InvalidOperationException>(() => claimed.Claim(0, T0.AddSeconds(1), TimeSpan.FromSeconds(30)));

        var failed = claimed.Record(0, T0, new DeliveryOutcome(503, null), TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        Assert.Equal(T0.AddMinutes(1), failed.Deliveries[0].NextAttemptAt);
        Assert.Equal(new DeliveryAttempt(T0, 503, null, T0.AddMinutes(1)), failed.Deliveries[0].Attempts.Single());

        var late = failed.Record(0, T0.AddHours(23.9), new DeliveryOutcome(null, "refused"), TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        Assert.True(late.Deliveries[0].GaveUp);
        Assert.Null(late.Deliveries[0].NextAttemptAt);
        Assert.False(late.Settled);

        var done = late.Record(1, T0, new DeliveryOutcome(200, null), TimeSpan.FromMinutes(1), TimeSpan.FromHours(24));
        Assert.True(done.Settled);
        Assert.Null(done.NextDueAt);
    }

    [Fact]
    public void The_backoff_doubles_up_to_its_cap_with_up_to_half_taken_off()
    {
        var delivery = new EventDelivery(null!, null!, new EventsOptions { FirstRetrySeconds = 10, MaxRetrySeconds = 3600 }, TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EventDelivery>.Instance);
        for (var i = 0; i < 200; i++)
        {
            Assert.InRange(delivery.Backoff(1).TotalSeconds, 5, 10);
            Assert.InRange(delivery.Backoff(4).TotalSeconds, 40, 80);
            Assert.InRange(delivery.Backoff(30).TotalSeconds, 1800, 3600);
        }

        Assert.True(Enumerable.Range(0, 50).Select(_ => delivery.Backoff(3)).Distinct().Count() > 1, "no jitter");
    }

    [Fact]
    public void Settings_take_a_list_or_an_array_of_urls()
    {
        var settings = new Dictionary<string, string?>
        {
            ["VideoWatermark__Events__WebhookUrls"] = "https://a.example.com/h, https://b.example.com/h",
            ["VideoWatermark__Events__WebhookUrls__0"] = "https://c.example.com/h",
            ["VideoWatermark__Events__AllowPrivateTargets"] = "true",
            ["VideoWatermark__Events__PublicUrl"] = "https://portal.example.com/",
        };
        var options = EventsOptions.FromEnvironment(name => settings.GetValueOrDefault(name));
        Assert.Equal(["https://a.example.com/h", "https://b.example.com/h", "https://c.example.com/h"], options.WebhookUrls);
        Assert.True(options.AllowPrivateTargets);
        Assert.Equal("https://portal.example.com", options.PublicUrl);
        Assert.Equal(24, options.DeliverForHours);
    }

    [Fact]
    public void The_signature_is_stripes_scheme()
    {
        // Worked by hand: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
        var header = WebhookSignature.Sign("secret", DateTimeOffset.FromUnixTimeSeconds(1700000000), "{\"a\":1}");
        Assert.Equal("t=1700000000,v1=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686", header);
    }

    private static WebhookEvent Event() =>
        new(WebhookEvent.JobSucceeded, "j-1-succeeded", T0, new WebhookEventData("j", null, "succeeded", null, "watermark-a.mp4", null, "ab"));
}
