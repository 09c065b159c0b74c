using System.Net;
using System.Net.Http.Headers;
using VideoWatermark.Portal.Tests.Api;
using VideoWatermark.Portal.Tests.Infrastructure;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>Users change their own jobs; other people's jobs and the watermark library's deletions are the admin's.</summary>
public sealed class AdminActionTests : IClassFixture<AdminActionTests.Portal>
{
    private readonly Portal portal;

    public AdminActionTests(Portal portal) => this.portal = portal;

    [Fact]
    public async Task A_user_retries_and_cancels_their_own_jobs_but_gets_403_on_anothers_and_the_admin_may_do_both()
    {
        using var alice = TestUsers.As(portal.Browser(), "alice");
        using var bob = TestUsers.As(portal.Browser(), "bob");
        using var admin = TestUsers.As(portal.Browser(), "root", admin: true);

        // alice's upload is not a video: it fails, with a reason.
        var failed = await UploadAsync(alice, "alice.mp4", "this is not a video"u8.ToArray());
        var done = await alice.WaitForFinalAsync(failed);
        Assert.Equal("failed", done["state"]!.GetValue<string>());
        Assert.Equal("alice", done["owner"]!.GetValue<string>());

        var (bobRetry, _) = await bob.PostJsonAsync($"/api/jobs/{failed}/retry", new { });
        Assert.Equal(HttpStatusCode.Forbidden, bobRetry.StatusCode);
        Assert.Equal("alice.mp4 belongs to alice; only its owner or an admin can retry it.", await Refusal.ReasonOf(bobRetry));
        Assert.Equal("failed", (await bob.GetJobAsync(failed))["state"]!.GetValue<string>());

        // Not a video is a permanent failure: its owner and the admin get past the ownership check and are told to
        // upload a new file instead of running the same bytes again; nothing runs.
        var (aliceRetry, _) = await alice.PostJsonAsync($"/api/jobs/{failed}/retry", new { });
        Assert.Equal(HttpStatusCode.Conflict, aliceRetry.StatusCode);
        Assert.Contains("Upload a new file", await Refusal.ReasonOf(aliceRetry), StringComparison.Ordinal);
        var (adminRetry, _) = await admin.PostJsonAsync($"/api/jobs/{failed}/retry", new { });
        Assert.Equal(HttpStatusCode.Conflict, adminRetry.StatusCode);
        var still = await alice.GetJobAsync(failed);
        Assert.Equal("failed", still["state"]!.GetValue<string>());
        Assert.Equal(done["attempts"]!.GetValue<int>(), still["attempts"]!.GetValue<int>());
        Assert.Equal("alice", still["owner"]!.GetValue<string>());

        // bob's announced upload waits for its bytes: alice may not cancel it, bob and the admin may.
        var bobs = await AnnounceAsync(bob, "bob.mp4");
        var (aliceCancel, _) = await alice.PostJsonAsync($"/api/jobs/{bobs}/cancel", new { });
        Assert.Equal(HttpStatusCode.Forbidden, aliceCancel.StatusCode);
        Assert.Equal("bob.mp4 belongs to bob; only its owner or an admin can cancel it.", await Refusal.ReasonOf(aliceCancel));
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync($"/api/videos/{bobs}")).StatusCode);
        Assert.Equal("pending", (await alice.GetJobAsync(bobs))["state"]!.GetValue<string>());
        var (bobCancel, cancelled) = await bob.PostJsonAsync($"/api/jobs/{bobs}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, bobCancel.StatusCode);
        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());

        var another = await AnnounceAsync(bob, "bob-2.mp4");
        var (adminCancel, byAdmin) = await admin.PostJsonAsync($"/api/jobs/{another}/cancel", new { });
        Assert.Equal(HttpStatusCode.OK, adminCancel.StatusCode);
        Assert.Equal("cancelled", byAdmin["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_admin_deletes_a_watermark()
    {
        using var alice = TestUsers.As(portal.Browser(), "alice");
        using var admin = TestUsers.As(portal.Browser(), "root", admin: true);
        var dir = TestMedia.NewTempDirectory("vw-auth-wm");
        var png = TestMedia.TwoToneImage(Path.Combine(dir, "alice-logo.png"), 64, 32);
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(png));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "file", "alice-logo.png");
            Assert.Equal(HttpStatusCode.Created, (await alice.PostAsync("/api/watermarks", form)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.DeleteAsync("/api/watermarks/alice-logo.png")).StatusCode);
        Assert.Contains("alice-logo.png", await alice.GetStringAsync("/api/watermarks"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/watermarks/alice-logo.png")).StatusCode);
        Assert.DoesNotContain("alice-logo.png", await alice.GetStringAsync("/api/watermarks"), StringComparison.Ordinal);
        Directory.Delete(dir, recursive: true);
    }


    private static async Task<string> AnnounceAsync(HttpClient http, string name)
    {
        var (response, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = name, contentType = "video/mp4", size = 100 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ticket["jobId"]!.GetValue<string>();
    }

    private static async Task<string> UploadAsync(HttpClient http, string name, byte[] bytes)
    {
        var (response, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = name, contentType = "video/mp4", size = bytes.Length });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent(bytes) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(put)).StatusCode);
        return ticket["jobId"]!.GetValue<string>();
    }

    public sealed class Portal() : WebApplicationFactoryWrapperOf(AuthPortal.Required(), TestUsers.Register);
}
