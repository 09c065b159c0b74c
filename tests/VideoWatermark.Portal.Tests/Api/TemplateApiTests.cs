using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>Templates through the API, from saving one to the pixels of the videos rendered with it.</summary>
public sealed class TemplateApiTests : IDisposable
{
    private const string Screener = """
        { "name": "screener", "layers": [
          { "type": "image", "image": "two-tone.png", "position": "top-left", "margin": 0.05, "scale": 0.25 },
          { "type": "text", "text": "For {recipient}", "position": "bottom-left", "margin": 0.04, "size": 0.12 } ] }
        """;

    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();

    [Fact]
    public async Task A_template_job_draws_the_image_at_its_place_and_the_recipient_in_the_text_band_only()
    {
        var http = portal.CreateClient();
        await UploadWatermarkAsync(http, TestMedia.TwoToneImage(Path.Combine(work.Path, "two-tone.png"), 64, 48, "red", "blue"));
        var (saved, view) = await PostTemplateAsync(http, Screener);
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(1, view["version"]!.GetValue<int>());
        var clip = TestMedia.Clip(Path.Combine(work.Path, "clip.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 2, Color = "gray" });

        var ana = await RenderAsync(http, clip, "Ana Díaz");
        var bob = await RenderAsync(http, clip, "Bob O'Brien [out];%{localtime}");

        // The image layer is 25% of 320 = 80x60, 9 px (5% of 180) from the top-left corner: red above blue.
        var g = Placement.Compute(320, 180, 64, 48, new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.05, Scale = 0.25 });
        var mark = new Region(g.X, g.Y, g.Width, g.Height);
        var top = ana.MeanColor(mark.TopHalf.Inflate(-4));
        var bottom = ana.MeanColor(mark.BottomHalf.Inflate(-4));
        Assert.True(top.R > 180 && top.B < 80, $"top half of the image layer should be red, was {top}");
        Assert.True(bottom.B > 180 && bottom.R < 80, $"bottom half of the image layer should be blue, was {bottom}");

        var before = Frames.At(clip, 1);
        var textBand = new Region(0, 180 - 50, 320, 50);
        Assert.True(Frames.ChangedFraction(before, ana, textBand) > 0.02, "the recipient's text is drawn in the bottom band");
        Assert.True(Frames.ChangedFraction(ana, bob, textBand) > 0.01, "two recipients give two texts");
        Assert.True(Frames.ChangedFractionOutside(ana, bob, textBand) < 0.001, "nothing but the text differs between them");
    }

    [Fact]
    public async Task Saving_again_makes_a_new_version_and_a_job_keeps_the_one_it_was_created_with()
    {
        var http = portal.CreateClient();
        await UploadWatermarkAsync(http, TestMedia.TwoToneImage(Path.Combine(work.Path, "two-tone.png"), 64, 48, "red", "blue"));
        await PostTemplateAsync(http, Screener);
        var (_, second) = await PostTemplateAsync(http, Screener.Replace("For {recipient}", "Only for {recipient}", StringComparison.Ordinal));
        Assert.Equal(2, second["version"]!.GetValue<int>());

        var (_, ticket) = await AnnounceAsync(http, "clip.mp4", 1000, new Dictionary<string, string> { ["recipient"] = "Ana" });
        var jobId = ticket["jobId"]!.GetValue<string>();
        await PostTemplateAsync(http, Screener.Replace("For {recipient}", "Third {recipient}", StringComparison.Ordinal));

        var job = await http.GetJobAsync(jobId);
        Assert.Equal("screener", job["template"]!["name"]!.GetValue<string>());
        Assert.Equal(2, job["template"]!["version"]!.GetValue<int>());
        Assert.Equal("Ana", job["template"]!["variables"]!["recipient"]!.GetValue<string>());

        var first = JsonNode.Parse(await http.GetStringAsync("/api/templates/screener?version=1"))!;
        var latest = JsonNode.Parse(await http.GetStringAsync("/api/templates/screener"))!;
        Assert.Equal("For {recipient}", first["template"]!["layers"]![1]!["text"]!.GetValue<string>());
        Assert.Equal(3, latest["version"]!.GetValue<int>());
        Assert.Equal("Third {recipient}", latest["template"]!["layers"]![1]!["text"]!.GetValue<string>());
        Assert.Equal([1, 2, 3], latest["versions"]!.AsArray().Select(v => v!.GetValue<int>()));
        var list = JsonNode.Parse(await http.GetStringAsync("/api/templates"))!.AsArray();
        Assert.Equal(3, Assert.Single(list)!["version"]!.GetValue<int>());

        // The job still waits for its video, so its template stays; once it is cancelled, the template can go.
        using var refused = await http.DeleteAsync("/api/templates/screener");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("'screener'", await Refusal.ReasonOf(refused), StringComparison.Ordinal);
        using var abandon = await http.DeleteAsync($"/api/videos/{jobId}");
        Assert.Equal(HttpStatusCode.NoContent, abandon.StatusCode);
        using var deleted = await http.DeleteAsync("/api/templates/screener");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await http.GetAsync("/api/templates/screener");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Unknown_templates_missing_variables_and_invalid_templates_are_refused_naming_what_is_wrong()
    {
        var http = portal.CreateClient();
        await UploadWatermarkAsync(http, TestMedia.TwoToneImage(Path.Combine(work.Path, "two-tone.png"), 64, 48, "red", "blue"));
        await PostTemplateAsync(http, Screener);

        var (unknown, _) = await AnnounceAsync(http, "clip.mp4", 1000, null, "no-such-template");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'no-such-template'", await Refusal.ReasonOf(unknown), StringComparison.Ordinal);

        var (missing, _) = await AnnounceAsync(http, "clip.mp4", 1000, new Dictionary<string, string> { ["email"] = "ana@example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("{recipient}", await Refusal.ReasonOf(missing), StringComparison.Ordinal);

        var (invalid, _) = await PostTemplateAsync(http, """
            { "name": "bad/name", "layers": [ { "type": "text", "text": "{oops", "opacity": 2 }, { "type": "image", "image": "nowhere.png" } ] }
            """);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var reason = await Refusal.ReasonOf(invalid);
        Assert.Contains("'bad/name'", reason, StringComparison.Ordinal);
        Assert.Contains("Layer 1 (text)", reason, StringComparison.Ordinal);
        Assert.Contains("opacity", reason, StringComparison.Ordinal);
        Assert.Contains("'nowhere.png'", reason, StringComparison.Ordinal);

        var (unknownField, _) = await PostTemplateAsync(http, """{ "name": "x", "layers": [], "colour": "red" }""");
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Contains("colour", await Refusal.ReasonOf(unknownField), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_video_dropped_in_a_folder_named_like_a_template_is_rendered_with_it_and_any_other_with_the_default()
    {
        var http = portal.CreateClient();
        await PostTemplateAsync(http, """
            { "name": "stamped", "layers": [ { "type": "text", "text": "{filename}", "position": "center", "size": 0.2 } ] }
            """);
        var clip = TestMedia.Clip(Path.Combine(work.Path, "clip.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 1, Color = "gray" });

        Directory.CreateDirectory(Path.Combine(portal.DataDir, "unprocessed-videos", "stamped"));
        Directory.CreateDirectory(Path.Combine(portal.DataDir, "unprocessed-videos", "holiday"));
        File.Copy(clip, Path.Combine(portal.DataDir, "unprocessed-videos", "stamped", "templated.mp4"));
        File.Copy(clip, Path.Combine(portal.DataDir, "unprocessed-videos", "holiday", "plain.mp4"));

        var templated = await WaitForDropAsync(http, "templated.mp4");
        var plain = await WaitForDropAsync(http, "plain.mp4");
        Assert.Equal("succeeded", templated["state"]!.GetValue<string>());
        Assert.Equal("stamped", templated["template"]!["name"]!.GetValue<string>());
        Assert.Equal(1, templated["template"]!["version"]!.GetValue<int>());
        Assert.Equal("succeeded", plain["state"]!.GetValue<string>());
        Assert.Null(plain["template"]);

        var output = Path.Combine(work.Path, "templated-out.mp4");
        await File.WriteAllBytesAsync(output, await http.GetByteArrayAsync($"/api/jobs/{templated["id"]}/download"));
        var middle = new Region(60, 60, 200, 60);
        Assert.True(Frames.ChangedFraction(Frames.At(clip, 0.5), Frames.At(output, 0.5), middle) > 0.05, "the file's name is written across the middle");
    }

    [Fact]
    public async Task The_preview_draws_the_template_on_the_sample_frame_at_the_moment_asked_and_refuses_a_bad_one_listing_every_problem()
    {
        var http = portal.CreateClient();
        await UploadWatermarkAsync(http, TestMedia.TwoToneImage(Path.Combine(work.Path, "two-tone.png"), 64, 48, "red", "blue"));
        var timed = Screener.Replace("\"size\": 0.12 }", "\"size\": 0.12, \"start\": 5 }", StringComparison.Ordinal);

        var early = await PreviewAsync(http, timed, 1);
        var late = await PreviewAsync(http, timed, 6);

        Assert.Equal((1280, 720), (early.Width, early.Height));
        var g = Placement.Compute(1280, 720, 64, 48, new WatermarkSpec { Position = Anchor.TopLeft, Margin = 0.05, Scale = 0.25 });
        var top = early.MeanColor(new Region(g.X, g.Y, g.Width, g.Height).TopHalf.Inflate(-8));
        Assert.True(top.R > 180 && top.B < 80, $"the image layer's red half, top-left: {top}");
        var textBand = new Region(0, 720 - 160, 1280, 160);
        Assert.True(Frames.ChangedFraction(early, late, textBand) > 0.01, "the text layer shows from its start on");
        Assert.True(Frames.ChangedFractionOutside(early, late, textBand) < 0.001, "nothing else changes");

        using var bad = new StringContent("""{ "name": "bad", "layers": [ { "type": "text", "text": "", "opacity": 2 }, { "type": "image", "image": "nope.png" } ] }""", Encoding.UTF8, "application/json");
        using var refused = await http.PostAsync("/api/templates/preview?t=1", bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var reason = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.Contains("Layer 1 (text): text is required.", reason, StringComparison.Ordinal);
        Assert.Contains("opacity 2 is out of range", reason, StringComparison.Ordinal);
        Assert.Contains("there is no watermark 'nope.png'", reason, StringComparison.Ordinal);
    }

    private async Task<RgbFrame> PreviewAsync(HttpClient http, string json, double seconds)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(FormattableString.Invariant($"/api/templates/preview?t={seconds}&duration=10"), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = Path.Combine(work.Path, FormattableString.Invariant($"preview-{seconds}.png"));
        await File.WriteAllBytesAsync(png, await response.Content.ReadAsByteArrayAsync());
        return Frames.At(png);
    }

    private async Task<RgbFrame> RenderAsync(HttpClient http, string clip, string recipient)
    {
        var (created, ticket) = await AnnounceAsync(http, "clip.mp4", new FileInfo(clip).Length, new Dictionary<string, string> { ["recipient"] = recipient });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PutSignedAsync(ticket, clip)).StatusCode);
        var job = await http.WaitForFinalAsync(ticket["jobId"]!.GetValue<string>());
        Assert.True(job["state"]!.GetValue<string>() == "succeeded", $"the job failed: {job["error"]}");
        var output = Path.Combine(work.Path, $"{ticket["jobId"]}.mp4");
        await File.WriteAllBytesAsync(output, await http.GetByteArrayAsync($"/api/jobs/{ticket["jobId"]}/download"));
        return Frames.At(output, 1);
    }

    private static Task<(HttpResponseMessage Response, JsonObject Body)> AnnounceAsync(HttpClient http, string fileName, long size, Dictionary<string, string>? variables, string template = "screener") =>
        http.PostJsonAsync("/api/videos", new { fileName, contentType = "video/mp4", size, template, variables });

    private static async Task<(HttpResponseMessage Response, JsonObject Body)> PostTemplateAsync(HttpClient http, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await http.PostAsync("/api/templates", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response, response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : []);
    }

    private static Task<JsonObject> WaitForDropAsync(HttpClient http, string fileName) =>
        Eventually.WaitAsync(
            async () =>
            {
                var jobs = JsonNode.Parse(await http.GetStringAsync("/api/jobs"))!.AsArray();
                return jobs.Select(j => j!.AsObject()).FirstOrDefault(j => j["fileName"]!.GetValue<string>() == fileName && j["state"]!.GetValue<string>() is "succeeded" or "failed");
            },
            TimeSpan.FromSeconds(120),
            () => $"No finished job for the drop {fileName}.");

    private static async Task UploadWatermarkAsync(HttpClient http, string png)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(png));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", Path.GetFileName(png));
        using var response = await http.PostAsync("/api/watermarks", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public void Dispose()
    {
        portal.Dispose();
        work.Dispose();
    }
}
