using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace VideoWatermark.Portal.Tests.Auth;

/// <summary>OpenID Connect from settings alone: a visitor is sent to the provider with this portal's client id and callback.</summary>
public sealed class OidcChallengeTests
{
    [Fact]
    public async Task With_only_a_provider_an_anonymous_page_request_ends_at_its_authorization_endpoint()
    {
        await using var provider = await StandInProvider.StartAsync();
        using var portal = new AuthPortal(Settings(provider, withAdmin: false));
        using var http = portal.Browser();

        var location = await FollowLocalRedirectsAsync(http, "/jobs");
        Assert.StartsWith(provider.AuthorizationEndpoint + "?", location.ToString(), StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("portal-test", query["client_id"].ToString());
        Assert.Equal("https://localhost/signin-oidc", query["redirect_uri"].ToString());
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal("openid profile groups", query["scope"].ToString());
    }

    [Fact]
    public async Task With_a_provider_and_the_admin_the_login_page_offers_both()
    {
        await using var provider = await StandInProvider.StartAsync();
        using var portal = new AuthPortal(Settings(provider, withAdmin: true));
        using var http = portal.Browser();

        var page = await http.GetAsync("/login?ReturnUrl=%2Fwatermarks");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("name=\"Input.Password\"", html, StringComparison.Ordinal);
        Assert.Contains("Sign in with Test IdP", html, StringComparison.Ordinal);
        Assert.Contains("href=\"login/oidc?returnUrl=%2Fwatermarks\"", html, StringComparison.Ordinal);

        var challenge = await http.GetAsync("/login/oidc?returnUrl=%2Fwatermarks");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.StartsWith(provider.AuthorizationEndpoint + "?", challenge.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(StandInProvider provider, bool withAdmin)
    {
        var settings = AuthPortal.Required(
            ("VideoWatermark:Portal:Auth:Oidc:Authority", provider.Authority),
            ("VideoWatermark:Portal:Auth:Oidc:ClientId", "portal-test"),
            ("VideoWatermark:Portal:Auth:Oidc:ClientSecret", "s3cret"),
            ("VideoWatermark:Portal:Auth:Oidc:Scopes", "openid profile groups"),
            ("VideoWatermark:Portal:Auth:Oidc:DisplayName", "Test IdP"),
            ("VideoWatermark:Portal:Auth:Oidc:RequireHttpsMetadata", "false"));
        if (!withAdmin)
        {
            settings.Remove("VideoWatermark:Portal:Auth:AdminPasswordHash");
        }

        return settings;
    }

    /// <summary>Follows the portal's own redirects as a browser would and returns the first one that leaves it.</summary>
    private static async Task<Uri> FollowLocalRedirectsAsync(HttpClient http, string path)
    {
        var next = new Uri(http.BaseAddress!, path);
        for (var hop = 0; hop < 5; hop++)
        {
            var response = await http.GetAsync(next);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            next = new Uri(next, response.Headers.Location!);
            if (next.Host != http.BaseAddress!.Host)
            {
                return next;
            }
        }

        throw new InvalidOperationException("The portal kept redirecting to itself.");
    }
}
