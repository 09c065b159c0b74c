using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VideoWatermark.Portal.Tests.Api;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>
/// API bodies are small and refused whole when too large, with the reason, before the portal acts on them: 16 KB
/// for JSON calls, 1 MB for an announcement (a batch's recipients) and for a multipart upload's part list, the
/// watermark limit for an image.
/// </summary>
public sealed class RequestSizeLimitTests(RequestSizeLimitTests.SmallWatermarkPortal portal) : IClassFixture<RequestSizeLimitTests.SmallWatermarkPortal>
{
    private const int WatermarkLimit = 100 * 1024;

    [Fact]
    public async Task An_oversize_json_announcement_gets_413_with_the_limit_and_creates_no_job()
    {
        using var http = portal.Http();
        var before = await http.GetStringAsync("/api/jobs");
        var json = $$"""{"fileName":"{{new string('a', 1_100_000)}}.mp4","contentType":"video/mp4","size":10}""";

        // As a client sending a large body does: it waits to be let in, so the refusal arrives before any of the body
        // is sent. Sent straight away, a megabyte can still be on its way when the portal answers and closes.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/videos") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"The request body is {Encoding.UTF8.GetByteCount(json)} bytes; this call takes at most 1048576.", await Refusal.ReasonOf(response));
        Assert.Equal(before, await http.GetStringAsync("/api/jobs"));
    }

    [Fact]
    public async Task An_oversize_json_body_of_undeclared_length_is_stopped_and_creates_no_job()
    {
        using var http = portal.Http();
        var before = await http.GetStringAsync("/api/jobs");
        var json = $$"""{"fileName":"{{new string('a', 1_100_000)}}.mp4","contentType":"video/mp4","size":10}""";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/videos") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await http.GetStringAsync("/api/jobs"));
    }

    [Fact]
    public async Task A_thousand_recipients_fit_the_announcement()
    {
        using var http = portal.Http();
        var recipients = string.Join(',', Enumerable.Range(1, 1000).Select(n => $$"""{"recipient":"Recipient Number {{n:D4}}","email":"recipient{{n:D4}}@example.com"}"""));
        var json = $$"""{"fileName":"clip.mp4","contentType":"video/mp4","size":10,"template":"no-such-template","recipients":[{{recipients}}]}""";
        Assert.True(json.Length > 64 * 1024);

        using var response = await http.PostAsync("/api/videos", new StringContent(json, Encoding.UTF8, "application/json"));

        // Read and judged on its content (there is no such template), not refused for its size.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'no-such-template'", await Refusal.ReasonOf(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_part_list_fits_the_complete_call()
    {
        using var http = portal.Http();
        var parts = string.Join(',', Enumerable.Range(1, 2000).Select(n => $$"""{"partNumber":{{n}},"eTag":"{{new string('0', 32)}}"}"""));
        var json = $$"""{"uploadId":"{{new string('a', 32)}}","parts":[{{parts}}]}""";
        Assert.True(json.Length > 16 * 1024);

        using var response = await http.PostAsync("/api/videos/no-such-job/complete", new StringContent(json, Encoding.UTF8, "application/json"));

        // Read and judged on its content (there is no such job), not refused for its size.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_oversize_watermark_is_refused_with_a_message_and_nothing_is_stored()
    {
        using var http = portal.Http();
        var dir = TestMedia.NewTempDirectory("vw-big-wm");
        var image = await File.ReadAllBytesAsync(TestMedia.TwoToneImage(Path.Combine(dir, "big.png"), 64, 32));

        // Just over the limit: the library measures the file and says so.
        using var justOver = await PostImageAsync(http, Pad(image, WatermarkLimit + 1), "just-over.png");
        // Far over: refused from its declared length before the form is read (curl, like this, waits for the go-ahead
        // of Expect: 100-continue before sending a large body, so it hears the refusal instead of a reset).
        using var farOver = await PostImageAsync(http, Pad(image, 5 * 1024 * 1024), "far-over.png", expectContinue: true);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, justOver.StatusCode);
        Assert.Equal("'just-over.png' is 100 KB; watermarks are limited to 100 KB.", await Refusal.ReasonOf(justOver));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, farOver.StatusCode);
        Assert.Matches(@"^The request body is \d+ bytes; this call takes at most 167936\.$", await Refusal.ReasonOf(farOver));
        var list = await http.GetStringAsync("/api/watermarks");
        Assert.DoesNotContain("over.png", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(portal.DataDir, "watermarks")), f => f.Contains("over", StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    private static byte[] Pad(byte[] image, int length)
    {
        var padded = new byte[length];
        image.CopyTo(padded, 0);
        return padded;
    }

    private static async Task<HttpResponseMessage> PostImageAsync(HttpClient http, byte[] bytes, string name, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/watermarks")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } },
        };
        request.Headers.ExpectContinue = expectContinue;
        return await http.SendAsync(request);
    }

    public sealed class SmallWatermarkPortal() : KestrelPortal(new Dictionary<string, string?>
    {
        ["VideoWatermark:Portal:MaxWatermarkBytes"] = WatermarkLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });
}
