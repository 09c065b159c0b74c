using System.Net;
using VideoWatermark.Core;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Files;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Api;

/// <summary>
/// File names a script can announce through <c>POST /api/videos</c>: whatever the name, the upload lands at
/// <c>unprocessed-videos/&lt;job&gt;/&lt;one safe segment&gt;</c>, its output next to it, and refusals stay one line.
/// </summary>
public sealed class HostileNameApiTests : IClassFixture<HostileNameApiTests.Portal>, IDisposable
{
    private readonly HttpClient http;
    private readonly Portal portal;
    private readonly TempFolder work = new();

    public HostileNameApiTests(Portal portal)
    {
        this.portal = portal;
        http = portal.Factory.CreateClient();
    }

    public void Dispose() => work.Dispose();

    [Theory]
    [InlineData("../../../etc/cron.d/evil.mp4", "evil.mp4")]
    [InlineData("..\\..\\Windows\\evil.mp4", "evil.mp4")]
    [InlineData("-i evil.mp4", "-i evil.mp4")]
    [InlineData("it's \"quoted\" $(touch x) `id`.MP4", "it's \"quoted\" $(touch x) `id`.mp4")]
    [InlineData("new\nline\r.mp4", "newline.mp4")]
    [InlineData("été 手机 🎬.mov", "été 手机 🎬.mov")]
    public async Task A_hostile_name_becomes_one_safe_key_segment_under_its_job(string name, string stored)
    {
        var (created, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = name, contentType = "video/mp4", size = 1000 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var jobId = ticket["jobId"]!.GetValue<string>();
        var job = await http.GetJobAsync(jobId);
        Assert.Equal($"{ObjectKeys.UnprocessedPrefix}{jobId}/{stored}", job["inputKey"]!.GetValue<string>());
        Assert.Equal($"{jobId}/watermark-{Path.GetFileNameWithoutExtension(stored)}.mp4", job["outputKey"]!.GetValue<string>());
        Assert.Equal(stored, job["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_very_long_name_is_shortened_to_fit_every_store()
    {
        var name = string.Concat(Enumerable.Repeat("長い名前", 100)) + ".mp4";

        var (created, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = name, contentType = "video/mp4", size = 1000 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = await http.GetJobAsync(ticket["jobId"]!.GetValue<string>());
        var stored = job["fileName"]!.GetValue<string>();
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(stored), 190, 200);
        Assert.EndsWith(".mp4", stored, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(ObjectKeys.FileName(job["outputKey"]!.GetValue<string>())), 200, 255);
    }

    [Fact]
    public async Task A_refusal_names_the_file_on_one_line()
    {
        var (refused, _) = await http.PostJsonAsync("/api/videos", new { fileName = "../x\nevil.exe", contentType = "video/mp4", size = 1000 });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("'xevil.exe' is not a video this service takes: use .mp4, .mov, .m4v, .mkv, .webm.", await Refusal.ReasonOf(refused));
    }

    [Fact]
    public async Task A_video_announced_under_a_hostile_name_is_watermarked_and_nothing_lands_outside_the_data_folder()
    {
        const string Name = "../$(touch pwned) `touch pwned` \"it's\" -y.mp4";

        // Where an injected command would run: the job's work folder (deleted when the job ends, so watched while it
        // runs), the worker's current folder, and the data folder next to them.
        using var injected = new CreatedFileWatch("pwned")
            .Watch(portal.Factory.WorkDir)
            .Watch(portal.Factory.DataDir)
            .Watch(Environment.CurrentDirectory, subfolders: false);
        var clip = TestMedia.Clip(Path.Combine(work.Path, "clip.mp4"), new ClipOptions { Seconds = 1 });
        var (_, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = Name, contentType = "video/mp4", size = new FileInfo(clip).Length });

        Assert.Equal(HttpStatusCode.OK, (await http.PutSignedAsync(ticket, clip)).StatusCode);
        var job = await http.WaitForFinalAsync(ticket["jobId"]!.GetValue<string>());

        Assert.True(job["state"]!.GetValue<string>() == "succeeded", job.ToJsonString());
        using var download = await http.GetAsync(job["downloadUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("watermark-$(touch pwned) `touch pwned` \"it's\" -y.mp4", download.Content.Headers.ContentDisposition?.FileNameStar);
        injected.AssertNoneCreated();
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(portal.Factory.DataDir)!, "pwned", SearchOption.TopDirectoryOnly));
    }

    /// <summary>One portal for these tests, its data in a folder of its own.</summary>
    public sealed class Portal : IDisposable
    {
        public PortalFactory Factory { get; } = new();

        public void Dispose() => Factory.Dispose();
    }
}
