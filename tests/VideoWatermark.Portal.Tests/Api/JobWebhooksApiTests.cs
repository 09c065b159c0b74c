using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Http;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>A job the portal's own store ends sends its event; <c>GET /api/jobs/{id}</c> shows how the delivery went.</summary>
public sealed class JobWebhooksApiTests : IDisposable
{
    private readonly WebhookReceiver receiver = new();
    private readonly PortalFactory portal;

    public JobWebhooksApiTests()
    {
        receiver.Start();
        portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["VideoWatermark:Events:WebhookUrls"] = receiver.Url("/hook") + "?token=t0k",
            ["VideoWatermark:Events:WebhookSecret"] = "portal-secret",
            ["VideoWatermark:Events:AllowPrivateTargets"] = "true",
        });
    }

    [Fact]
    public async Task A_job_ended_in_the_portal_is_delivered_and_its_attempts_are_in_the_job_view()
    {
        var http = portal.CreateClient();
        var jobs = portal.Services.GetRequiredService<JobStore>();
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "api.mp4");
        Assert.True(await jobs.TryCreateAsync(new Job { Id = id, State = JobState.Running, InputKey = input, OutputKey = ObjectKeys.OutputKey(input), FileName = "api.mp4", Attempts = 1, Owner = "admin" }));

        await jobs.UpdateAsync(id, j => j.Succeed(42, "cafe", DateTimeOffset.UtcNow));

        var got = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1, "job.succeeded"));
        Assert.True(got.SignedWith("portal-secret"));
        var view = await Eventually.WaitAsync(
            async () =>
            {
                var json = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
                var webhooks = json.GetProperty("webhooks");
                return webhooks.GetArrayLength() == 1 && webhooks[0].GetProperty("deliveries")[0].GetProperty("deliveredAt").ValueKind == JsonValueKind.String
                    ? webhooks[0].GetRawText() : null;
            },
            TimeSpan.FromSeconds(30),
            () => "the delivery is not in the job view");
        var e = JsonDocument.Parse(view).RootElement;
        Assert.Equal("job.succeeded", e.GetProperty("type").GetString());
        var delivery = e.GetProperty("deliveries")[0];
        Assert.Equal(receiver.Url("/hook"), delivery.GetProperty("target").GetString());
        Assert.Equal(204, delivery.GetProperty("attempts")[0].GetProperty("status").GetInt32());
    }

    public void Dispose()
    {
        portal.Dispose();
        receiver.Dispose();
    }
}
