using System.Net;
using System.Text.Json.Nodes;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// Defect 7: an upload given up and sent again is the same job again, not a second one beside a Retry that can never
/// work; refusals name the file, not its job id.
/// </summary>
public sealed class ReuploadApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();

    [Fact]
    public async Task The_same_file_uploaded_again_after_a_failed_upload_reuses_its_job_and_is_watermarked()
    {
        var http = portal.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "again.mp4"), new ClipOptions { Seconds = 1 });
        var size = new FileInfo(clip).Length;

        var (_, first) = await http.PostJsonAsync("/api/videos", new { fileName = "again.mp4", contentType = "video/mp4", size });
        var jobId = first["jobId"]!.GetValue<string>();
        using (var abandoned = await http.DeleteAsync($"/api/videos/{jobId}?reason=The%20upload%20failed%3A%20network%20error."))
        {
            Assert.True(abandoned.IsSuccessStatusCode, $"abandon answered {abandoned.StatusCode}");
        }

        var cancelled = await http.GetJobAsync(jobId);
        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());
        Assert.False(cancelled["retryable"]!.GetValue<bool>());
        using (var retry = await http.PostAsync($"/api/jobs/{jobId}/retry", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
            var reason = await Refusal.ReasonOf(retry);
            Assert.Contains("again.mp4", reason, StringComparison.Ordinal);
            Assert.DoesNotContain(jobId, reason, StringComparison.Ordinal);
        }

        var (announced, second) = await http.PostJsonAsync("/api/videos", new { fileName = "again.mp4", contentType = "video/mp4", size, placement = new { position = "top-left" } });
        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        Assert.Equal(jobId, second["jobId"]!.GetValue<string>());
        var pending = await http.GetJobAsync(jobId);
        Assert.Equal("pending", pending["state"]!.GetValue<string>());
        Assert.Null(pending["error"]);

        await http.PutSignedAsync(second, clip);
        var done = await http.WaitForFinalAsync(jobId);
        Assert.Equal("succeeded", done["state"]!.GetValue<string>());
        Assert.Equal("top-left", done["watermark"]!["position"]!.GetValue<string>());
        Assert.Single(await JobsNamedAsync(http, "again.mp4"));
    }

    [Fact]
    public async Task Another_size_or_a_job_whose_video_arrived_gets_a_new_job()
    {
        var http = portal.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "twice.mp4"), new ClipOptions { Seconds = 1 });
        var size = new FileInfo(clip).Length;
        var (_, first) = await http.PostJsonAsync("/api/videos", new { fileName = "twice.mp4", contentType = "video/mp4", size });
        var firstId = first["jobId"]!.GetValue<string>();
        await http.DeleteAsync($"/api/videos/{firstId}");

        var (_, other) = await http.PostJsonAsync("/api/videos", new { fileName = "twice.mp4", contentType = "video/mp4", size = size + 1 });
        Assert.NotEqual(firstId, other["jobId"]!.GetValue<string>());

        var (_, reused) = await http.PostJsonAsync("/api/videos", new { fileName = "twice.mp4", contentType = "video/mp4", size });
        Assert.Equal(firstId, reused["jobId"]!.GetValue<string>());
        await http.PutSignedAsync(reused, clip);
        Assert.Equal("succeeded", (await http.WaitForFinalAsync(firstId))["state"]!.GetValue<string>());

        var (_, third) = await http.PostJsonAsync("/api/videos", new { fileName = "twice.mp4", contentType = "video/mp4", size });
        Assert.NotEqual(firstId, third["jobId"]!.GetValue<string>());
        Assert.Equal(3, (await JobsNamedAsync(http, "twice.mp4")).Count);
    }

    private static async Task<List<JsonNode>> JobsNamedAsync(HttpClient http, string name)
    {
        var all = JsonNode.Parse(await http.GetStringAsync($"/api/jobs?search={Uri.EscapeDataString(name)}"))!.AsArray();
        return [.. all.Where(j => j!["fileName"]!.GetValue<string>() == name).Select(j => j!)];
    }

    public void Dispose()
    {
        portal.Dispose();
        work.Dispose();
    }
}
