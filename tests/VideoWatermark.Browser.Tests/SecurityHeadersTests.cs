using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// What the browser gets with a page: the security headers, and a Content-Security-Policy it enforces; the journeys
/// (which fail on any reported violation) show the policy leaves the portal itself working.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityHeadersTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_page_arrives_with_the_security_headers()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("jobs");
        var headers = await response!.AllHeadersAsync();

        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
        await page.Locator("[data-interactive='true']").WaitForAsync();
        fixture.AssertNoBrowserErrors(page);
    }

    [Fact]
    public async Task The_browser_enforces_the_policy_an_injected_inline_script_does_not_run_and_is_reported()
    {
        var page = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(page, "");

        // As script injected through a page's content would be: an inline <script> element.
        await page.EvaluateAsync("""
            () => {
              const s = document.createElement("script");
              s.textContent = "window.__injected = true";
              document.body.appendChild(s);
            }
            """);
        // The browser reports the violation when it refuses the script: once reported, the script had its chance.
        await Eventually.UntilAsync(
            () => fixture.BrowserErrors(page).Any(e => e.StartsWith("console: CSP violation: script-src", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30),
            () => "no CSP violation reported; errors: " + string.Join(" | ", fixture.BrowserErrors(page)));

        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === true"), "an inline script ran despite the policy");
        Assert.Contains(fixture.BrowserErrors(page), e => e.StartsWith("console: CSP violation: script-src", StringComparison.Ordinal));

        // The refused script is all the page complains about: Chromium's own refusal and the reported violation.
        Assert.All(fixture.BrowserErrors(page), e => Assert.Contains("script", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_portal_cannot_be_framed_by_another_page()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("about:blank");
        await page.SetContentAsync($"<iframe id='f' src='{fixture.Portal.BaseAddress}jobs'></iframe>");
        // Wait until the frame has navigated somewhere (the portal or Chromium's error page) and finished loading.
        await Eventually.UntilAsync(
            () => page.Frames.Any(f => f != page.MainFrame && f.Url.Length > 0 && f.Url != "about:blank"),
            TimeSpan.FromSeconds(30),
            () => "the frame never navigated: " + string.Join(", ", page.Frames.Select(f => f.Url)));
        await page.Frames.Single(f => f != page.MainFrame).WaitForLoadStateAsync();

        // Chromium puts its own error page in the frame instead of the portal.
        var frame = page.Frames.Single(f => f != page.MainFrame);
        Assert.StartsWith("chrome-error://", frame.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("data-interactive", await frame.ContentAsync(), StringComparison.Ordinal);
    }
}
