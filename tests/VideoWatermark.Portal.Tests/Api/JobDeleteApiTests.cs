using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>Deleting a finished job takes its output, logs and record, keeps the original, and stays deleted.</summary>
public sealed class JobDeleteApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();

    [Fact]
    public async Task A_finished_job_is_deleted_with_its_output_and_logs_and_a_late_event_does_not_bring_it_back()
    {
        var http = portal.CreateClient();
        var store = portal.Services.GetRequiredService<IObjectStore>();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "gone.mp4"), new ClipOptions { Seconds = 1 });
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "gone.mp4", contentType = "video/mp4", size = new FileInfo(clip).Length });
        var jobId = ticket["jobId"]!.GetValue<string>();
        await http.PutSignedAsync(ticket, clip);
        var job = await http.WaitForFinalAsync(jobId);
        Assert.Equal("succeeded", job["state"]!.GetValue<string>());
        var (inputKey, outputKey) = (job["inputKey"]!.GetValue<string>(), job["outputKey"]!.GetValue<string>());
        Assert.NotNull(await store.HeadAsync(outputKey));
        Assert.NotEmpty(await LogsAsync(store, jobId));

        using (var deleted = await http.DeleteAsync($"/api/jobs/{jobId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var read = await http.GetAsync($"/api/jobs/{jobId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        Assert.DoesNotContain(jobId, await http.GetStringAsync("/api/jobs"), StringComparison.Ordinal);
        Assert.Null(await store.HeadAsync(outputKey));
        Assert.Null(await store.HeadAsync(ObjectKeys.OutputClaimKey(outputKey)));
        Assert.Empty(await LogsAsync(store, jobId));
        var original = await store.HeadAsync(inputKey);
        Assert.Equal(new FileInfo(clip).Length, original?.Size);

        // The video's event delivered again after the delete, as S3 may: nothing starts and no job comes back.
        var late = await portal.Services.GetRequiredService<DispatchService>().HandleAsync(ObjectCreated.Landed(store.Bucket, original!));
        Assert.Equal(DispatchOutcome.Ignored, late.Outcome);
        Assert.Contains("deleted", late.Detail, StringComparison.Ordinal);
        Assert.Equal("[]", await http.GetStringAsync("/api/jobs?search=gone.mp4"));
    }

    [Fact]
    public async Task A_job_that_has_not_finished_is_not_deleted_and_the_refusal_names_its_file()
    {
        var http = portal.CreateClient();
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "still coming.mp4", contentType = "video/mp4", size = 1000 });
        var jobId = ticket["jobId"]!.GetValue<string>();

        using var refused = await http.DeleteAsync($"/api/jobs/{jobId}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("still coming.mp4 is pending;", await Refusal.ReasonOf(refused), StringComparison.Ordinal);
        Assert.Equal("pending", (await http.GetJobAsync(jobId))["state"]!.GetValue<string>());
        using var unknown = await http.DeleteAsync("/api/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<List<string>> LogsAsync(IObjectStore store, string jobId)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(ObjectKeys.LogsOf(jobId)))
        {
            keys.Add(info.Key);
        }

        return keys;
    }

    public void Dispose()
    {
        portal.Dispose();
        work.Dispose();
    }
}
