using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

public sealed class VideoUploadApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();

    [Fact]
    public async Task A_video_announced_uploaded_and_watermarked_downloads_with_the_mark_where_it_was_asked_for()
    {
        var http = portal.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "Holiday Clip.MP4"), new ClipOptions { Width = 320, Height = 180, Seconds = 2, Color = "gray" });
        var mark = TestMedia.TwoToneImage(Path.Combine(work.Path, "two-tone.png"), 64, 48, "red", "blue");
        await UploadWatermarkAsync(http, mark);

        var (created, ticket) = await http.PostJsonAsync("/api/videos", new
        {
            fileName = "Holiday Clip.MP4",
            contentType = "video/mp4",
            size = new FileInfo(clip).Length,
            watermark = "two-tone.png",
            placement = new { position = "bottom-right", margin = 0.05, scale = 0.25, opacity = 1.0 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("http://localhost/storage/", ticket["uploadUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("PUT", ticket["method"]!.GetValue<string>());
        var jobId = ticket["jobId"]!.GetValue<string>();
        Assert.Equal("pending", (await http.GetJobAsync(jobId))["state"]!.GetValue<string>());

        var put = await http.PutSignedAsync(ticket, clip);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var job = await http.WaitForFinalAsync(jobId);
        Assert.Equal("succeeded", job["state"]!.GetValue<string>());
        Assert.Equal("bottom-right", job["watermark"]!["position"]!.GetValue<string>());
        Assert.Equal($"{jobId}/watermark-Holiday Clip.mp4", job["outputKey"]!.GetValue<string>());

        using var download = await http.GetAsync(job["downloadUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("watermark-Holiday Clip.mp4", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var output = Path.Combine(work.Path, "out.mp4");
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(output, downloaded);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(downloaded)), job["outputSha256"]!.GetValue<string>());

        // The mark is 25% of 320 = 80x60, 9 px (5% of 180) from the bottom-right corner: red above blue, nothing else changed.
        var g = Placement.Compute(320, 180, 64, 48, new WatermarkSpec { Position = Anchor.BottomRight, Margin = 0.05, Scale = 0.25 });
        Assert.Equal(new OverlayGeometry(231, 111, 80, 60), g);
        var before = Frames.At(clip, 1);
        var after = Frames.At(output, 1);
        var region = new Region(g.X, g.Y, g.Width, g.Height);
        var top = after.MeanColor(region.TopHalf.Inflate(-4));
        var bottom = after.MeanColor(region.BottomHalf.Inflate(-4));
        Assert.True(top.R > 180 && top.B < 80, $"top half of the mark should be red, was {top}");
        Assert.True(bottom.B > 180 && bottom.R < 80, $"bottom half of the mark should be blue, was {bottom}");
        Assert.True(Frames.ChangedFractionOutside(before, after, region.Inflate(3)) < 0.01, "pixels outside the mark changed");
    }

    [Fact]
    public async Task A_large_file_goes_up_as_signed_parts_and_is_completed_through_the_api()
    {
        using var small = new PortalFactory(new Dictionary<string, string?> { ["VideoWatermark:Portal:MultipartThresholdBytes"] = "1" });
        var http = small.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "big.mp4"), new ClipOptions { Seconds = 1 });
        var size = new FileInfo(clip).Length;

        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "big.mp4", contentType = "video/mp4", size });
        var jobId = ticket["jobId"]!.GetValue<string>();
        Assert.Null(ticket["uploadUrl"]);
        var plan = ticket["multipart"]!.AsObject();
        Assert.Equal(1, plan["partCount"]!.GetValue<int>());
        var uploadId = plan["uploadId"]!.GetValue<string>();

        var (signedResponse, signed) = await http.PostJsonAsync($"/api/videos/{jobId}/parts/1?uploadId={Uri.EscapeDataString(uploadId)}", new { });
        Assert.Equal(HttpStatusCode.OK, signedResponse.StatusCode);
        using var partRequest = new HttpRequestMessage(HttpMethod.Put, signed["url"]!.GetValue<string>()) { Content = new ByteArrayContent(await File.ReadAllBytesAsync(clip)) };
        using var part = await http.SendAsync(partRequest);
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        var etag = part.Headers.ETag!.Tag;

        var (complete, _) = await http.PostJsonAsync($"/api/videos/{jobId}/complete", new { uploadId, parts = new[] { new { partNumber = 1, eTag = etag } } });
        Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);

        var job = await http.WaitForFinalAsync(jobId);
        Assert.Equal("succeeded", job["state"]!.GetValue<string>());
        Assert.Equal(size, job["inputSize"]!.GetValue<long>());
    }

    [Fact]
    public async Task An_interrupted_upload_lists_the_parts_the_store_holds_until_its_job_is_cancelled_then_refuses_to_resume()
    {
        using var small = new PortalFactory(new Dictionary<string, string?> { ["VideoWatermark:Portal:MultipartThresholdBytes"] = "1" });
        var http = small.CreateClient();
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "cut-off.mp4", contentType = "video/mp4", size = 12L * 1024 * 1024 });
        var jobId = ticket["jobId"]!.GetValue<string>();
        var uploadId = Uri.EscapeDataString(ticket["multipart"]!["uploadId"]!.GetValue<string>());
        var listed = await http.GetAsync($"/api/videos/{jobId}/parts?uploadId={uploadId}");
        Assert.Equal("[]", await listed.Content.ReadAsStringAsync());

        var (_, signed) = await http.PostJsonAsync($"/api/videos/{jobId}/parts/2?uploadId={uploadId}", new { });
        using var partRequest = new HttpRequestMessage(HttpMethod.Put, signed["url"]!.GetValue<string>()) { Content = new ByteArrayContent(new byte[1000]) };
        using var part = await http.SendAsync(partRequest);
        var parts = JsonNode.Parse(await (await http.GetAsync($"/api/videos/{jobId}/parts?uploadId={uploadId}")).Content.ReadAsStringAsync())!.AsArray();
        var held = Assert.Single(parts)!;
        Assert.Equal(2, held["partNumber"]!.GetValue<int>());
        Assert.Equal(1000, held["size"]!.GetValue<long>());
        Assert.Equal(part.Headers.ETag!.Tag.Trim('"'), held["eTag"]!.GetValue<string>());

        // Cancelled meanwhile: the browser is told it cannot resume, and why, so it starts over.
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/videos/{jobId}")).StatusCode);
        var refused = await http.GetAsync($"/api/videos/{jobId}/parts?uploadId={uploadId}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("its upload is over", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_ffmpeg_cannot_read_fails_with_a_one_line_reason_and_the_original_stays()
    {
        var http = portal.CreateClient();
        var bad = TestMedia.Truncated(Path.Combine(work.Path, "cut.mp4"));
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "cut.mp4", contentType = "video/mp4", size = new FileInfo(bad).Length });
        await http.PutSignedAsync(ticket, bad);

        var job = await http.WaitForFinalAsync(ticket["jobId"]!.GetValue<string>());
        Assert.Equal("failed", job["state"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(job["error"]?.GetValue<string>()));
        Assert.DoesNotContain('\n', job["error"]!.GetValue<string>());
        var store = portal.Services.GetRequiredService<IObjectStore>();
        Assert.Equal(new FileInfo(bad).Length, (await store.HeadAsync(job["inputKey"]!.GetValue<string>()))?.Size);

        // Refused at the probe, before any encode ran: there is no ffmpeg log, and the API says so.
        Assert.Null(job["logUrl"]);
        var log = await http.GetAsync($"/api/jobs/{job["id"]!.GetValue<string>()}/log");
        Assert.Equal(HttpStatusCode.NotFound, log.StatusCode);
    }

    private static async Task UploadWatermarkAsync(HttpClient http, string png)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(png));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", Path.GetFileName(png));
        using var response = await http.PostAsync("/api/watermarks", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(64, body["width"]!.GetValue<int>());
        Assert.Equal(48, body["height"]!.GetValue<int>());
    }

    public void Dispose()
    {
        portal.Dispose();
        work.Dispose();
    }
}
