using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using VideoWatermark.Portal.Tests.Auth;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>
/// The portal behind a load balancer, configured as the AWS template configures it (ASPNETCORE_FORWARDEDHEADERS_ENABLED
/// and the trusted networks), on real Kestrel: this test is the proxy at 127.0.0.1 and sends X-Forwarded-* for its clients.
/// </summary>
public sealed class ProxyHeadersTests
{
    private const string Alice = "203.0.113.7";
    private const string Bob = "198.51.100.9";

    [Fact]
    public async Task A_lockout_behind_a_trusted_proxy_locks_out_only_the_client_that_guessed()
    {
        using var portal = new ProxiedPortal(trusted: "127.0.0.1");
        using var http = portal.Http();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await JobsAsync(http, Alice, "guess " + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await JobsAsync(http, Alice, AuthPortal.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await JobsAsync(http, Bob, AuthPortal.Password)).StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_sender_are_ignored()
    {
        using var portal = new ProxiedPortal(trusted: "10.0.0.0/8");
        using var http = portal.Http();

        var cookie = await SignInCookieAsync(portal, "https");
        Assert.NotNull(cookie);
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await JobsAsync(http, Alice, "guess " + i)).StatusCode);
        }

        // Every "client" is really 127.0.0.1, which is locked out, whatever address it claims.
        Assert.Equal(HttpStatusCode.Unauthorized, (await JobsAsync(http, Bob, AuthPortal.Password)).StatusCode);
    }

    [Fact]
    public async Task A_client_of_an_https_proxy_gets_a_secure_session_cookie()
    {
        using var portal = new ProxiedPortal(trusted: "127.0.0.1");

        var secure = await SignInCookieAsync(portal, "https");
        var plain = await SignInCookieAsync(portal, proto: null);

        Assert.NotNull(secure);
        Assert.Contains("; secure", secure, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(plain);
        Assert.DoesNotContain("; secure", plain, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_openid_connect_callback_is_https_behind_an_https_proxy()
    {
        await using var provider = await StandInProvider.StartAsync();
        using var portal = new ProxiedPortal(trusted: "127.0.0.1",
            ("VideoWatermark:Portal:Auth:Oidc:Authority", provider.Authority),
            ("VideoWatermark:Portal:Auth:Oidc:ClientId", "portal-test"),
            ("VideoWatermark:Portal:Auth:Oidc:RequireHttpsMetadata", "false"));
        using var http = portal.Http();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/login/oidc?returnUrl=%2Fjobs");
        request.Headers.Add("X-Forwarded-For", Alice);
        request.Headers.Add("X-Forwarded-Proto", "https");
        var challenge = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var location = challenge.Headers.Location!;
        Assert.StartsWith(provider.AuthorizationEndpoint + "?", location.ToString(), StringComparison.Ordinal);
        Assert.Equal($"https://{portal.BaseAddress.Authority}/signin-oidc", QueryHelpers.ParseQuery(location.Query)["redirect_uri"].ToString());
    }

    private static async Task<HttpResponseMessage> JobsAsync(HttpClient http, string client, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{password}")));
        return await http.SendAsync(request);
    }

    /// <summary>Signs in with the login form as a browser behind the proxy would; returns the session cookie as set, if any.</summary>
    private static async Task<string?> SignInCookieAsync(ProxiedPortal portal, string? proto)
    {
        // Cookies by hand: a cookie container would not send Secure cookies back over the test's plain HTTP.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = portal.BaseAddress };
        using var page = new HttpRequestMessage(HttpMethod.Get, "/login");
        Forward(page, proto);
        var form = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var cookies = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = AuthForms.TokenIn(await form.Content.ReadAsStringAsync()),
                ["Input.UserName"] = "admin",
                ["Input.Password"] = AuthPortal.Password,
            }),
        };
        Forward(post, proto);
        post.Headers.Add("Cookie", cookies);
        var signedIn = await http.SendAsync(post);
        return signedIn.Headers.TryGetValues("Set-Cookie", out var set) ? set.FirstOrDefault(c => c.StartsWith("vw-session=", StringComparison.Ordinal)) : null;
    }

    private static void Forward(HttpRequestMessage request, string? proto)
    {
        request.Headers.Add("X-Forwarded-For", Bob);
        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", proto);
        }
    }

    private sealed class ProxiedPortal(string trusted, params (string Key, string? Value)[] more) : KestrelPortal(Settings(trusted, more))
    {
        private static Dictionary<string, string?> Settings(string trusted, (string Key, string? Value)[] more)
        {
            var settings = AuthPortal.Required(more);
            settings["VideoWatermark:Portal:Auth:MaxFailedSignIns"] = "2";
            settings["FORWARDEDHEADERS_ENABLED"] = "true";
            settings["VideoWatermark:Portal:TrustedProxies"] = trusted;
            return settings;
        }
    }
}
