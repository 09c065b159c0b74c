using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// What the job page is built from, through the API: a real job's phase durations and its output's facts (checked
/// against an ffprobe of the downloaded output), its poster, and "run again" with another watermark.
/// </summary>
public sealed class JobPageFactsApiTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly TempFolder work = new();

    [Fact]
    public async Task A_finished_job_shows_its_phases_in_order_and_its_outputs_codecs_picture_length_and_bit_rate()
    {
        var http = portal.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "facts.mp4"), new ClipOptions { Width = 320, Height = 180, Seconds = 3 });
        var job = await RunAsync(http, clip, "facts.mp4");

        Assert.Equal("succeeded", job["state"]!.GetValue<string>());
        Assert.Equal(3.0, job["videoSeconds"]!.GetValue<double>(), 0.1);

        var phases = job["phases"]!.AsArray().Select(p => (Phase: p!["phase"]!.GetValue<string>(), Seconds: p["seconds"]!.GetValue<double>())).ToList();
        Assert.Equal(["waiting", "downloading", "encoding", "uploading"], phases.Select(p => p.Phase));
        Assert.All(phases, p => Assert.True(p.Seconds >= 0, $"{p.Phase} took {p.Seconds} s"));
        Assert.True(phases.First(p => p.Phase == "encoding").Seconds > 0, "the encode took no time");
        var created = DateTimeOffset.Parse(job["createdAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var finished = DateTimeOffset.Parse(job["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal((finished - created).TotalSeconds, phases.Sum(p => p.Seconds), 0.01);

        var output = Path.Combine(work.Path, "out.mp4");
        await File.WriteAllBytesAsync(output, await http.GetByteArrayAsync(job["downloadUrl"]!.GetValue<string>()));
        var probed = JsonNode.Parse(MediaTool.Ffprobe("-show_entries", "format=duration,bit_rate:stream=codec_type,codec_name,width,height", "-of", "json", output))!;
        var streams = probed["streams"]!.AsArray();
        var video = streams.First(s => s!["codec_type"]!.GetValue<string>() == "video")!;
        var audio = streams.First(s => s!["codec_type"]!.GetValue<string>() == "audio")!;
        var facts = job["output"]!;
        Assert.Equal(video["codec_name"]!.GetValue<string>(), facts["videoCodec"]!.GetValue<string>());
        Assert.Equal("h264", facts["videoCodec"]!.GetValue<string>());
        Assert.Equal(audio["codec_name"]!.GetValue<string>(), facts["audioCodec"]!.GetValue<string>());
        Assert.Equal((video["width"]!.GetValue<int>(), video["height"]!.GetValue<int>()), (facts["width"]!.GetValue<int>(), facts["height"]!.GetValue<int>()));
        Assert.Equal(double.Parse(probed["format"]!["duration"]!.GetValue<string>(), CultureInfo.InvariantCulture), facts["durationSeconds"]!.GetValue<double>(), 0.01);
        Assert.Equal(long.Parse(probed["format"]!["bit_rate"]!.GetValue<string>(), CultureInfo.InvariantCulture), facts["bitRate"]!.GetValue<long>());
    }

    [Fact]
    public async Task Run_again_makes_a_new_job_of_the_same_stored_video_with_another_watermark_and_leaves_the_first_as_it_was()
    {
        var http = portal.CreateClient();
        var clip = TestMedia.Clip(Path.Combine(work.Path, "again.mp4"), new ClipOptions { Seconds = 2 });
        await UploadWatermarkAsync(http, TestMedia.TwoToneImage(Path.Combine(work.Path, "other.png"), 64, 48, "red", "blue"));
        var first = await RunAsync(http, clip, "again.mp4");
        var firstId = first["id"]!.GetValue<string>();

        var (response, created) = await http.PostJsonAsync($"/api/jobs/{firstId}/rerun", new
        {
            watermark = "other.png",
            placement = new { position = "top-left", margin = 0.02, scale = 0.2, opacity = 1.0 },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var againId = created["id"]!.GetValue<string>();
        Assert.Equal($"/api/jobs/{againId}", response.Headers.Location?.OriginalString);
        var again = await http.WaitForFinalAsync(againId);
        Assert.Equal("succeeded", again["state"]!.GetValue<string>());
        Assert.Equal(first["inputKey"]!.GetValue<string>(), again["inputKey"]!.GetValue<string>());
        Assert.NotEqual(first["outputKey"]!.GetValue<string>(), again["outputKey"]!.GetValue<string>());
        Assert.Equal(("watermarks/other.png", "top-left"), (again["watermark"]!["image"]!.GetValue<string>(), again["watermark"]!["position"]!.GetValue<string>()));

        var store = portal.Services.GetRequiredService<IObjectStore>();
        Assert.Equal(new FileInfo(clip).Length, (await store.HeadAsync(first["inputKey"]!.GetValue<string>()))?.Size);
        var firstNow = await http.GetJobAsync(firstId);
        Assert.Equal((first["outputSha256"]!.GetValue<string>(), "succeeded"), (firstNow["outputSha256"]!.GetValue<string>(), firstNow["state"]!.GetValue<string>()));
        Assert.Equal(first["outputSha256"]!.GetValue<string>(), Sha256(await http.GetByteArrayAsync(firstNow["downloadUrl"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Run_again_refuses_a_watermark_that_does_not_exist_and_a_video_found_broken_with_problem_details()
    {
        var http = portal.CreateClient();
        var good = await RunAsync(http, TestMedia.Clip(Path.Combine(work.Path, "good.mp4"), new ClipOptions { Seconds = 1 }), "good.mp4");
        var broken = await RunAsync(http, TestMedia.Truncated(Path.Combine(work.Path, "cut.mp4")), "cut.mp4");

        var (unknown, _) = await http.PostJsonAsync($"/api/jobs/{good["id"]}/rerun", new { watermark = "nope.png" });
        var (refused, _) = await http.PostJsonAsync($"/api/jobs/{broken["id"]}/rerun", new { });
        var (missing, _) = await http.PostJsonAsync($"/api/jobs/{VideoWatermark.Core.Jobs.JobIds.New()}/rerun", new { });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nope.png", await Refusal.ReasonOf(unknown), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Upload a new file", await Refusal.ReasonOf(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_poster_is_a_frame_of_the_output_made_once_and_then_read_from_the_store()
    {
        var http = portal.CreateClient();
        var job = await RunAsync(http, TestMedia.Clip(Path.Combine(work.Path, "poster.mp4"), new ClipOptions { Width = 180, Height = 320, Seconds = 2 }), "poster.mp4");
        var id = job["id"]!.GetValue<string>();

        using var first = await http.GetAsync($"/api/jobs/{id}/poster");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        var png = Path.Combine(work.Path, "poster.png");
        await File.WriteAllBytesAsync(png, await first.Content.ReadAsByteArrayAsync());
        var picture = JsonNode.Parse(MediaTool.Ffprobe("-show_entries", "stream=width,height", "-of", "json", png))!["streams"]![0]!;
        Assert.Equal((180, 320), (picture["width"]!.GetValue<int>(), picture["height"]!.GetValue<int>()));

        var store = portal.Services.GetRequiredService<IObjectStore>();
        Assert.NotNull(await store.HeadAsync($"jobs/{id}/poster.png"));
        Assert.Equal(await File.ReadAllBytesAsync(png), await http.GetByteArrayAsync($"/api/jobs/{id}/poster"));
    }

    private static async Task<JsonObject> RunAsync(HttpClient http, string clip, string name)
    {
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = name, contentType = "video/mp4", size = new FileInfo(clip).Length });
        Assert.Equal(HttpStatusCode.OK, (await http.PutSignedAsync(ticket, clip)).StatusCode);
        return await http.WaitForFinalAsync(ticket["jobId"]!.GetValue<string>());
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

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
