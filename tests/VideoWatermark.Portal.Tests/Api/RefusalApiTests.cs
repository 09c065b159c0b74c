using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>Bad input gets a status and a one-line message, and no job is left waiting for it.</summary>
public sealed class RefusalApiTests : IClassFixture<RefusalApiTests.SmallLimitPortal>
{
    private readonly HttpClient http;

    public RefusalApiTests(SmallLimitPortal portal) => http = portal.CreateClient();

    [Theory]
    [InlineData("notes.txt", "text/plain", 100, HttpStatusCode.UnsupportedMediaType, "'notes.txt' is not a video this service takes: use .mp4, .mov, .m4v, .mkv, .webm.")]
    [InlineData("clip.mp4", "text/html", 100, HttpStatusCode.UnsupportedMediaType, "'clip.mp4' is declared as text/html, not a video.")]
    [InlineData("empty.mp4", "video/mp4", 0, HttpStatusCode.BadRequest, "'empty.mp4' is empty.")]
    [InlineData("huge.mov", "video/quicktime", 2_000_000, HttpStatusCode.RequestEntityTooLarge, "'huge.mov' is 1.9 MB; the limit is 1 MB (VideoWatermark:Limits:MaxUploadBytes).")]
    public async Task A_file_that_is_not_taken_is_refused_with_a_message(string name, string type, long size, HttpStatusCode status, string message)
    {
        var before = (await http.GetStringAsync("/api/jobs")).Length;
        var (response, _) = await http.PostJsonAsync("/api/videos", new { fileName = name, contentType = type, size });
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(message, await Refusal.ReasonOf(response));
        Assert.Equal(before, (await http.GetStringAsync("/api/jobs")).Length);
    }

    [Fact]
    public async Task A_placement_out_of_range_or_an_unknown_watermark_is_refused_with_what_to_use()
    {
        var (r1, _) = await http.PostJsonAsync("/api/videos", new { fileName = "a.mp4", contentType = "video/mp4", size = 10, placement = new { position = "middle", opacity = 0.5 } });
        Assert.Equal(HttpStatusCode.BadRequest, r1.StatusCode);
        Assert.StartsWith("Unknown position 'middle': use one of top-left, top,", await Refusal.ReasonOf(r1), StringComparison.Ordinal);

        var (r2, _) = await http.PostJsonAsync("/api/videos", new { fileName = "a.mp4", contentType = "video/mp4", size = 10, placement = new { opacity = 1.5 } });
        Assert.Equal(HttpStatusCode.BadRequest, r2.StatusCode);
        Assert.Equal("Opacity 1.5 is out of range: use a value between 0 and 1.", await Refusal.ReasonOf(r2));

        var (r3, _) = await http.PostJsonAsync("/api/videos", new { fileName = "a.mp4", contentType = "video/mp4", size = 10, watermark = "nope.png" });
        Assert.Equal(HttpStatusCode.BadRequest, r3.StatusCode);
        Assert.Equal("There is no watermark 'nope.png': upload it first or pick one from GET /api/watermarks.", await Refusal.ReasonOf(r3));
    }

    [Fact]
    public async Task More_bytes_than_announced_are_refused_by_the_store_and_the_job_stays_pending()
    {
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "short.mp4", contentType = "video/mp4", size = 10 });
        using var request = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(new byte[1000]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        using var put = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, put.StatusCode);
        Assert.Equal("pending", (await http.GetJobAsync(ticket["jobId"]!.GetValue<string>()))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_abandoned_upload_is_cancelled_and_cannot_be_retried_without_its_video()
    {
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "gone.mp4", contentType = "video/mp4", size = 10 });
        var jobId = ticket["jobId"]!.GetValue<string>();

        var (cancel, cancelled) = await http.PostJsonAsync($"/api/jobs/{jobId}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());

        var (retry, _) = await http.PostJsonAsync($"/api/jobs/{jobId}/retry", new { });
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("gone.mp4 cannot run again: its video never finished uploading. Upload it again.", await Refusal.ReasonOf(retry));

        var (again, _) = await http.PostJsonAsync($"/api/jobs/{jobId}/cancel", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Unknown_jobs_are_404_and_health_answers()
    {
        using var unknown = await http.GetAsync("/api/jobs/00000000000000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No job 00000000000000000000000000.", await Refusal.ReasonOf(unknown));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/jobs/not-an-id")).StatusCode);
        var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Watermark_uploads_are_checked_listed_and_guarded()
    {
        var dir = TestMedia.NewTempDirectory("vw-portal-wm");
        var png = TestMedia.TwoToneImage(Path.Combine(dir, "brand.png"), 200, 100);

        Assert.Equal(HttpStatusCode.Created, (await PostImageAsync("brand.png", await File.ReadAllBytesAsync(png))).StatusCode);
        var again = await PostImageAsync("brand.png", await File.ReadAllBytesAsync(png));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("A watermark named 'brand.png' exists already: delete it first or rename the file.", await Refusal.ReasonOf(again));

        var text = await PostImageAsync("fake.png", Encoding.UTF8.GetBytes("not an image at all"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("'fake.png' is text, not a PNG, JPEG, WebP, GIF or BMP image.", await Refusal.ReasonOf(text));

        // Refused as it is added, not when a job's encode reaches it.
        var arithmetic = await PostImageAsync("scan.jpg", ArithmeticJpeg.Bytes());
        Assert.Equal(HttpStatusCode.BadRequest, arithmetic.StatusCode);
        Assert.Equal("'scan.jpg' is an arithmetic-coded JPEG, which the video encoder cannot read: save it again as an ordinary JPEG or as a PNG.", await Refusal.ReasonOf(arithmetic));

        var list = JsonNode.Parse(await http.GetStringAsync("/api/watermarks"))!.AsArray();
        var brand = list.Single(w => w!["name"]!.GetValue<string>() == "brand.png")!;
        Assert.Equal(200, brand["width"]!.GetValue<int>());
        Assert.Equal(100, brand["height"]!.GetValue<int>());
        Assert.True(list.Single(w => w!["name"]!.GetValue<string>() == "watermark.png")!["isDefault"]!.GetValue<bool>());

        var image = await http.GetAsync("/api/watermarks/brand.png/image");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(png), await image.Content.ReadAsByteArrayAsync());

        var deleteDefault = await http.DeleteAsync("/api/watermarks/watermark.png");
        Assert.Equal(HttpStatusCode.Conflict, deleteDefault.StatusCode);
        Assert.Equal("'watermark.png' is the default watermark: make another one the default first.", await Refusal.ReasonOf(deleteDefault));
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("/api/watermarks/brand.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync("/api/watermarks/brand.png")).StatusCode);
        Directory.Delete(dir, recursive: true);
    }

    private async Task<HttpResponseMessage> PostImageAsync(string name, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(bytes), "file", name);
        return await http.PostAsync("/api/watermarks", form);
    }

    /// <summary>One portal for these tests, with a 1 MB upload limit so "too large" needs no large file.</summary>
    public sealed class SmallLimitPortal() : WebApplicationFactoryWrapper(new Dictionary<string, string?> { ["VideoWatermark:Limits:MaxUploadBytes"] = "1048576" });
}
