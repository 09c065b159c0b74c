using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VideoWatermark.Portal.Tests.Api;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>
/// Another site's page cannot drive the API with the visitor's browser: what it can send without a CORS preflight
/// (a form post, or a body-less POST carrying its own Origin) is refused and changes nothing, while the portal's own
/// pages and scripts keep working.
/// </summary>
public sealed class CrossSiteRequestTests(KestrelPortal portal) : IClassFixture<KestrelPortal>
{
    [Fact]
    public async Task A_cross_site_form_post_to_cancel_a_job_is_refused_and_the_job_stays_as_it_was()
    {
        using var http = portal.Http();
        var job = await AnnounceAsync(http);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "yes" });
        using var response = await http.PostAsync($"/api/jobs/{job}/cancel", form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("This call does not take application/x-www-form-urlencoded bodies: send JSON (or no body).", await Refusal.ReasonOf(response));
        Assert.Equal("pending", await StateOf(http, job));
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_state_change_sent_from_another_site_is_refused(string header, string value)
    {
        using var http = portal.Http();
        var job = await AnnounceAsync(http);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{job}/cancel");
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.StartsWith("Refused: the request came from another ", await Refusal.ReasonOf(response), StringComparison.Ordinal);
        Assert.Equal("pending", await StateOf(http, job));
    }

    [Fact]
    public async Task A_cross_site_form_cannot_add_a_watermark_but_a_script_can()
    {
        using var http = portal.Http();
        var dir = TestMedia.NewTempDirectory("vw-csrf-wm");
        var png = await File.ReadAllBytesAsync(TestMedia.TwoToneImage(Path.Combine(dir, "planted.png"), 64, 32));

        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Post, "/api/watermarks") { Content = Form(png, "planted.png") };
        fromElsewhere.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        using var refused = await http.SendAsync(fromElsewhere);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("planted.png", await http.GetStringAsync("/api/watermarks"), StringComparison.Ordinal);

        using var script = await http.PostAsync("/api/watermarks", Form(png, "scripted.png"));
        Assert.Equal(HttpStatusCode.Created, script.StatusCode);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task The_portal_s_own_pages_and_scripts_still_change_state()
    {
        using var http = portal.Http();
        var first = await AnnounceAsync(http);
        var second = await AnnounceAsync(http);
        var third = await AnnounceAsync(http);

        // What the upload page's fetch sends over HTTP, over HTTPS, and what curl sends.
        using var page = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{first}/cancel");
        page.Headers.TryAddWithoutValidation("Origin", portal.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var secure = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{second}/cancel");
        secure.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        secure.Headers.TryAddWithoutValidation("Origin", portal.BaseAddress.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(secure)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/jobs/{third}/cancel", null)).StatusCode);
        Assert.Equal("cancelled", await StateOf(http, first));
        Assert.Equal("cancelled", await StateOf(http, second));
        Assert.Equal("cancelled", await StateOf(http, third));
    }

    [Fact]
    public async Task A_text_plain_post_pretending_to_be_json_is_refused()
    {
        using var http = portal.Http();
        var before = await http.GetStringAsync("/api/jobs");

        using var body = new StringContent("""{"fileName":"x.mp4","contentType":"video/mp4","size":10}""", System.Text.Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync("/api/videos", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, await http.GetStringAsync("/api/jobs"));
    }

    private static async Task<string> AnnounceAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/videos", new { fileName = "visit.mp4", contentType = "video/mp4", size = 1000 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["jobId"]!.GetValue<string>();
    }

    private static async Task<string> StateOf(HttpClient http, string job) =>
        (await http.GetJobAsync(job))["state"]!.GetValue<string>();

    private static MultipartFormDataContent Form(byte[] image, string name) => new() { { new ByteArrayContent(image), "file", name } };
}
