using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Events;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Http;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// A recipient batch through the API with webhooks on: the configured URL and the batch's callback URL each receive
/// every copy's <c>job.succeeded</c> and one <c>batch.completed</c>, signed, though the receiver was down for the first
/// attempt; a callback URL on a private address is refused with the request.
/// </summary>
public sealed class BatchWebhooksApiTests : IDisposable
{
    private const string Secret = "batch-secret";

    private const string Screener = """
        { "name": "screener", "layers": [ { "type": "text", "text": "For {recipient}", "position": "bottom-left", "size": 0.1 } ] }
        """;

    private readonly WebhookReceiver receiver = new();
    private readonly List<PortalFactory> portals = [];

    [Fact]
    public async Task Three_copies_send_three_job_succeeded_and_one_batch_completed_to_each_target_after_the_receiver_was_down()
    {
        var portal = Portal(allowPrivate: true);
        var http = portal.CreateClient();
        using (var template = new StringContent(Screener, Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/templates", template)).StatusCode);
        }

        var clip = await Clips.GetAsync(1);
        var (created, ticket) = await http.PostJsonAsync("/api/videos", new
        {
            fileName = "cut.mp4",
            contentType = "video/mp4",
            size = new FileInfo(clip).Length,
            template = "screener",
            callbackUrl = receiver.Url("/callback"),
            recipients = new[] { "Ana", "Bob", "Cy" }.Select(n => new Dictionary<string, string> { ["recipient"] = n }),
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var batchId = ticket["batchId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await http.PutSignedAsync(ticket, clip)).StatusCode);
        foreach (var id in ticket["jobIds"]!.AsArray().Select(j => j!.GetValue<string>()))
        {
            Assert.Equal("succeeded", (await http.WaitForFinalAsync(id, TimeSpan.FromSeconds(180)))["state"]!.GetValue<string>());
        }

        // Every event was tried once at each target while the receiver was down, and none got through.
        var outbox = portal.Services.GetRequiredService<EventOutbox>();
        await Eventually.UntilAsync(
            async () =>
            {
                var records = new List<OutboxRecord>();
                await foreach (var info in outbox.ListAsync(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow))
                {
                    records.Add((await outbox.GetAsync(info.Key))!);
                }

                return records.Count == 4 && records.All(r => r.Deliveries.Count == 2 && r.Deliveries.All(d => d.Attempts.Count > 0));
            },
            TimeSpan.FromSeconds(60),
            () => "not every event had a failed first attempt");
        Assert.Empty(receiver.Requests);

        receiver.Start();
        var all = await receiver.WaitForAsync(r => r.Count >= 8, "4 events at each of 2 targets");
        foreach (var path in new[] { "/hook", "/callback" })
        {
            var here = all.Where(r => r.Path == path).ToList();
            Assert.All(here, r => Assert.True(r.SignedWith(Secret), $"{r.Type} at {path}: bad signature"));
            Assert.Equal(3, here.Count(r => r.Type == "job.succeeded"));
            var completed = Assert.Single(here, r => r.Type == "batch.completed");
            Assert.Equal(batchId, completed.Data.GetProperty("batchId").GetString());
            Assert.Equal("succeeded", completed.Data.GetProperty("state").GetString());
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/callback")]
    [InlineData("http://localhost/callback")]
    [InlineData("http://169.254.169.254/latest")]
    public async Task A_private_callback_url_refuses_the_batch(string callback)
    {
        var portal = Portal(allowPrivate: false);
        var http = portal.CreateClient();
        using (var template = new StringContent(Screener, Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/templates", template)).StatusCode);
        }

        var (refused, body) = await http.PostJsonAsync("/api/videos", new
        {
            fileName = "cut.mp4",
            contentType = "video/mp4",
            size = 1000,
            template = "screener",
            callbackUrl = callback,
            recipients = new[] { new Dictionary<string, string> { ["recipient"] = "Ana" } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("private", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(portal.DataDir, "batches")) ? Directory.GetFiles(Path.Combine(portal.DataDir, "batches")) : []);
    }

    public void Dispose()
    {
        foreach (var portal in portals)
        {
            portal.Dispose();
        }

        receiver.Dispose();
    }

    private PortalFactory Portal(bool allowPrivate)
    {
        var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["VideoWatermark:Events:WebhookUrls"] = receiver.Url("/hook"),
            ["VideoWatermark:Events:WebhookSecret"] = Secret,
            ["VideoWatermark:Events:AllowPrivateTargets"] = allowPrivate ? "true" : "false",
            ["VideoWatermark:Events:FirstRetrySeconds"] = "0.5",
            ["VideoWatermark:Events:MaxRetrySeconds"] = "1",
            ["VideoWatermark:Events:PollSeconds"] = "0.5",
        });
        portals.Add(portal);
        return portal;
    }
}
