using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>On loopback (the run script's default) and in <c>none</c> mode nobody logs in: every caller is the local admin.</summary>
public sealed class LoopbackAccessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("none")]
    public async Task Pages_api_and_storage_work_without_a_login_and_jobs_belong_to_the_local_admin(string? mode)
    {
        var settings = new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:5000;http://[::1]:5000" };
        if (mode is not null)
        {
            settings["VideoWatermark:Portal:Auth:Mode"] = mode;
        }

        using var portal = new AuthPortal(settings);
        using var http = portal.Browser();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/jobs")).StatusCode);
        Assert.Contains("local admin", await http.GetStringAsync("/watermarks"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/login")).StatusCode);

        var (created, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "local.mp4", contentType = "video/mp4", size = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent("hello"u8.ToArray()) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(put)).StatusCode);
        Assert.Equal("admin", (await http.GetJobAsync(ticket["jobId"]!.GetValue<string>()))["owner"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(AuthMode.Auto, "http://127.0.0.1:5000", false)]
    [InlineData(AuthMode.Auto, "http://localhost:5000", false)]
    [InlineData(AuthMode.Auto, "http://[::1]:5000", false)]
    [InlineData(AuthMode.Auto, "http://127.0.0.1:5000;http://0.0.0.0:5000", true)]
    [InlineData(AuthMode.Auto, "http://*:8080", true)]
    [InlineData(AuthMode.Auto, "http://+:8080", true)]
    [InlineData(AuthMode.Auto, "http://[::]:8080", true)]
    [InlineData(AuthMode.Auto, "https://portal.example.org", true)]
    [InlineData(AuthMode.Auto, "http://192.168.1.20:5000", true)]
    [InlineData(AuthMode.Auto, "http://unix:/run/portal.sock", true)]
    [InlineData(AuthMode.Required, "http://127.0.0.1:5000", true)]
    [InlineData(AuthMode.None, "http://0.0.0.0:5000", false)]
    public void The_mode_follows_the_addresses(AuthMode mode, string urls, bool required) =>
        Assert.Equal(required, PortalAccess.Decide(mode, urls.Split(';')).LoginRequired);

    [Fact]
    public void Ports_for_every_interface_and_kestrel_endpoints_count_and_nothing_configured_is_kestrels_localhost()
    {
        static IReadOnlyList<string> Of(params (string, string)[] settings) => LoopbackAddresses.Configured(
            new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Item1, s => (string?)s.Item2)).Build());

        Assert.Equal(["http://localhost:5000"], Of());
        Assert.True(PortalAccess.Decide(AuthMode.Auto, Of(("http_ports", "8080"))).LoginRequired);
        Assert.True(PortalAccess.Decide(AuthMode.Auto, Of(("urls", "http://127.0.0.1:5000"), ("Kestrel:Endpoints:Lan:Url", "http://0.0.0.0:5001"))).LoginRequired);
        Assert.False(PortalAccess.Decide(AuthMode.Auto, Of(("Kestrel:Endpoints:Local:Url", "http://127.0.0.1:5001"))).LoginRequired);
    }
}
