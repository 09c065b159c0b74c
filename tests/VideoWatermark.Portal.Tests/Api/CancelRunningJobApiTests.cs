using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.Processes;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// <c>POST /api/jobs/{id}/cancel</c> on a job whose encode is running: the encode stops (its ffmpeg is gone), the job
/// ends Cancelled, nothing is delivered, and the original is kept as it was.
/// </summary>
public sealed class CancelRunningJobApiTests : IDisposable
{
    // The slowest preset on a clip of many seconds: the encode is still running when the test gets to cancel it, even
    // on a quiet machine.
    private readonly PortalFactory portal = new(new Dictionary<string, string?> { ["VideoWatermark:Engine:Preset"] = "veryslow" });
    private readonly TempFolder work = new();

    [Fact]
    public async Task Cancelling_a_running_encode_stops_ffmpeg_and_ends_cancelled_with_no_output_and_the_original_kept()
    {
        var http = portal.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "long-take.mp4"), new ClipOptions { Width = 640, Height = 360, Seconds = 30 });
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "long-take.mp4", contentType = "video/mp4", size = new FileInfo(clip).Length });
        var jobId = ticket["jobId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await http.PutSignedAsync(ticket, clip)).StatusCode);

        await WaitUntilAsync(async () => (await http.GetJobAsync(jobId))["state"]!.GetValue<string>() == "running" && FfmpegProcesses.Using(jobId).Count > 0,
            TimeSpan.FromSeconds(60), "the job's encode never started");

        var (cancel, asked) = await http.PostJsonAsync($"/api/jobs/{jobId}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.True(asked["cancelRequested"]!.GetValue<bool>());

        var job = await http.WaitForFinalAsync(jobId);
        Assert.Equal("cancelled", job["state"]!.GetValue<string>());
        Assert.Empty(FfmpegProcesses.Using(jobId));
        Assert.Null(job["downloadUrl"]);
        var store = portal.Services.GetRequiredService<IObjectStore>();
        Assert.Null(await store.HeadAsync(job["outputKey"]!.GetValue<string>()));
        Assert.Empty(await store.ListAsync(job["outputKey"]!.GetValue<string>()).ToListAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await http.GetAsync($"/api/jobs/{jobId}/download")).StatusCode);
        await using var original = await store.OpenReadAsync(job["inputKey"]!.GetValue<string>());
        using var kept = new MemoryStream();
        await original.CopyToAsync(kept);
        Assert.Equal(await File.ReadAllBytesAsync(clip), kept.ToArray());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        portal.Dispose();
        work.Dispose();
    }
}
