using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>With login required, nothing works anonymously, a signed URL included; the admin's password opens all of it.</summary>
public sealed class RequiredLoginTests : IClassFixture<RequiredLoginTests.Portal>
{
    private readonly Portal portal;

    public RequiredLoginTests(Portal portal) => this.portal = portal;

    public static TheoryData<string> Pages => ["/", "/jobs", "/watermarks", "/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ", "/no-such-page"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task An_anonymous_page_request_goes_to_the_login_page(string path)
    {
        using var http = portal.Browser();
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=" + Uri.EscapeDataString(path), response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("GET", "/api/jobs")]
    [InlineData("GET", "/api/watermarks")]
    [InlineData("POST", "/api/videos")]
    [InlineData("POST", "/api/jobs/01JZZZZZZZZZZZZZZZZZZZZZZZ/cancel")]
    [InlineData("DELETE", "/api/watermarks/watermark.png")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    public async Task An_anonymous_api_call_gets_401_and_no_redirect(string method, string path)
    {
        using var http = portal.Browser();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_valid_signed_storage_url_still_needs_a_signed_in_user_and_writes_nothing_without_one()
    {
        using var admin = portal.Script();
        var (_, ticket) = await admin.PostJsonAsync("/api/videos", new { fileName = "signed.mp4", contentType = "video/mp4", size = 5 });
        var jobId = ticket["jobId"]!.GetValue<string>();
        var inputKey = ticket["key"]!.GetValue<string>();

        using var anonymous = portal.Browser();
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent("hello"u8.ToArray()) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(put)).StatusCode);
        Assert.False(File.Exists(Path.Combine(portal.DataDir, inputKey)));
        Assert.Equal("pending", (await admin.GetJobAsync(jobId))["state"]!.GetValue<string>());

        var image = await admin.GetAsync("/api/watermarks/watermark.png/image");
        Assert.Equal(HttpStatusCode.Redirect, image.StatusCode);
        var signedGet = image.Headers.Location!.ToString();
        Assert.Contains("/storage/blobs/", signedGet, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(signedGet)).StatusCode);
        var bytes = await admin.GetByteArrayAsync(signedGet);
        Assert.Equal(File.ReadAllBytes(Path.Combine(portal.DataDir, "watermarks", "watermark.png")), bytes);
    }

    [Fact]
    public async Task Health_the_login_page_and_static_files_stay_open()
    {
        using var http = portal.Browser();
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
        var login = await http.GetStringAsync("/login");
        Assert.Contains("Sign in", login, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Password\"", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/css/app.css")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_one_message_for_the_form_and_for_basic()
    {
        using var http = portal.Browser();
        var response = await AuthForms.SignInAsync(http, "admin", "not the password", "/jobs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/jobs")).StatusCode);

        var wrongUser = await AuthForms.SignInAsync(http, "root", AuthPortal.Password, "/jobs");
        Assert.Contains("Wrong user name or password.", await wrongUser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/jobs")).StatusCode);

        using var script = portal.Script(password: "not the password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/jobs")).StatusCode);
    }

    [Fact]
    public async Task The_right_password_signs_in_and_the_cookie_opens_pages_api_and_storage_until_sign_out()
    {
        using var http = portal.Browser();
        var signIn = await AuthForms.SignInAsync(http, "admin", AuthPortal.Password, "/jobs");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/jobs", signIn.Headers.Location!.OriginalString.Replace("https://localhost", "", StringComparison.Ordinal));

        var jobsPage = await http.GetAsync("/jobs");
        Assert.Equal(HttpStatusCode.OK, jobsPage.StatusCode);
        var html = await jobsPage.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"user-name\">admin<", html, StringComparison.Ordinal);

        // The browser's upload path: announce through the API, PUT to the signed URL, all on the cookie.
        var (created, ticket) = await http.PostJsonAsync("/api/videos", new { fileName = "mine.mp4", contentType = "video/mp4", size = 5 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket["uploadUrl"]!.GetValue<string>()) { Content = new ByteArrayContent("hello"u8.ToArray()) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(put)).StatusCode);
        var job = await http.GetJobAsync(ticket["jobId"]!.GetValue<string>());
        Assert.Equal("admin", job["owner"]!.GetValue<string>());
        Assert.Equal("hello", await File.ReadAllTextAsync(Path.Combine(portal.DataDir, ticket["key"]!.GetValue<string>())));

        var signOut = await http.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AuthForms.TokenIn(html) }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/jobs")).StatusCode);
    }

    public sealed class Portal() : WebApplicationFactoryWrapperOf(AuthPortal.Required());
}
