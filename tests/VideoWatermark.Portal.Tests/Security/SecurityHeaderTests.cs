using System.Net;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>Every response of the portal carries the security headers; API answers are never cached.</summary>
public sealed class SecurityHeaderTests(KestrelPortal portal) : IClassFixture<KestrelPortal>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/jobs")]
    [InlineData("/css/app.css")]
    [InlineData("/api/jobs")]
    [InlineData("/health")]
    [InlineData("/no-such-page")]
    [InlineData("/storage/blobs/not-a-token")]
    public async Task A_response_carries_the_security_headers(string path)
    {
        using var http = portal.Http();
        using var response = await http.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task The_embedded_store_adds_no_foreign_origin_to_the_policy()
    {
        using var http = portal.Http();
        using var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connect-src 'self';", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("media-src 'self' blob:;", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/jobs")]
    [InlineData("/api/watermarks")]
    [InlineData("/api/jobs/no-such-job")]
    public async Task Api_answers_are_not_stored_by_any_cache(string path)
    {
        using var http = portal.Http();
        using var response = await http.GetAsync(path);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content)
        : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage!.RequestUri} has no {name} header");
}
