using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using VideoWatermark.Portal.Tests.Drops;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// The editor's preview over the caller's own video: the frame at the moment asked, read by ffmpeg from the embedded
/// store's file or through a presigned URL of an S3-compatible server, under the template, at the video's size.
/// </summary>
public sealed class TemplatePreviewOnVideoApiTests : IDisposable
{
    private const string Template = """
        { "name": "on-video", "layers": [ { "type": "text", "text": "For {recipient}", "position": "bottom-left", "margin": 0.04, "size": 0.12 } ] }
        """;

    private readonly TempFolder work = new();

    public static TheoryData<string> Stores => new() { "disk", "s3" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_preview_draws_on_the_frame_of_the_callers_video_at_the_moment_asked_and_at_its_size(string kind)
    {
        MediaTool.RequireFfmpeg();
        DropTarget? s3 = kind == "s3" ? await DropTarget.S3rverAsync() : null;
        WebApplicationFactory<Program> portal = s3 is null ? new PortalFactory() : new DropPortal(s3, work.Path, pollSeconds: 1);
        try
        {
            var http = portal.CreateClient();
            var clip = TestMedia.Clip(Path.Combine(work.Path, "own.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 3 });
            var (created, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "own.mp4", contentType = "video/mp4", size = new FileInfo(clip).Length });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            // The embedded store's upload URL is the portal's own; S3's is the server's, outside the test host.
            using var outside = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await (s3 is null ? http : outside).PutSignedAsync(ticket, clip)).StatusCode);
            var jobId = ticket["jobId"]!.GetValue<string>();
            var job = await http.WaitForFinalAsync(jobId);
            Assert.True(job["state"]!.GetValue<string>() == "succeeded", $"the job failed: {job["error"]}");

            var drawn = await PreviewAsync(http, $"t=2&job={jobId}", "preview.png");

            Assert.Equal((320, 180), (drawn.Width, drawn.Height));
            var above = new Region(0, 0, 320, 110);
            var atTwo = Frames.MeanAbsDiff(drawn, Frames.At(clip, 2), above);
            var atZero = Frames.MeanAbsDiff(drawn, Frames.At(clip, 0), above);
            Assert.True(atTwo < 4 && atZero > 4 * atTwo, $"{kind}: the preview's background differs from the video's frame at 2 s by {atTwo:0.00} (from the one at 0 s by {atZero:0.00})");
            Assert.True(Frames.ChangedFraction(Frames.At(clip, 2), drawn, new Region(0, 110, 320, 70)) > 0.02, $"{kind}: no text at the bottom");

            // Past the video's end its last frame stands in; a job that is not there is refused.
            var late = await PreviewAsync(http, $"t=30&job={jobId}", "late.png");
            Assert.True(Frames.MeanAbsDiff(late, Frames.At(clip, 2.96), above) < 4, $"{kind}: past the end the preview is not on the last frame");
            using var content = new StringContent(Template, Encoding.UTF8, "application/json");
            using var missing = await http.PostAsync("/api/templates/preview?t=1&job=no-such-job", content);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            portal.Dispose();
            if (s3 is not null)
            {
                await s3.Server.DisposeAsync();
            }
        }
    }

    private async Task<RgbFrame> PreviewAsync(HttpClient http, string query, string name)
    {
        using var content = new StringContent(Template, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"/api/templates/preview?{query}", content);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var png = Path.Combine(work.Path, name);
        await File.WriteAllBytesAsync(png, await response.Content.ReadAsByteArrayAsync());
        return Frames.At(png);
    }

    public void Dispose() => work.Dispose();
}
