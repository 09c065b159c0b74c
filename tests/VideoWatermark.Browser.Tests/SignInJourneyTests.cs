using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoWatermark.Portal.Auth;

namespace VideoWatermark.Browser.Tests;

/// <summary>A portal that requires login, met in chromium: the login page, a wrong password, then the upload page.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SignInJourneyTests(BrowserFixture fixture)
{
    private const string Password = "browser test password";

    [Fact]
    public async Task Signing_in_on_the_login_page_leads_to_the_upload_page_and_sign_out_back()
    {
        var work = Path.Combine(TempFolder.RunRoot, "vw-signin-work-" + Guid.NewGuid().ToString("n")[..8]);
        await using var portal = new PortalServer(new Dictionary<string, string?>
        {
            // Its own work root: starting clears the root's leftovers, which would hit the other tests' running jobs.
            ["VideoWatermark:Pipeline:WorkDir"] = work,
            ["VideoWatermark:Portal:Auth:Mode"] = "required",
            ["VideoWatermark:Portal:Auth:AdminPasswordHash"] = AdminAccount.Hash(Password),
        });
        var page = await fixture.NewPageAsync(portal);

        await page.GotoAsync("");
        await Assertions.Expect(page).ToHaveURLAsync(LoginUrl());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");

        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", "not it");
        await page.ClickAsync("[data-testid='sign-in']");
        await Assertions.Expect(page.Locator("[data-testid='login-error']")).ToHaveTextAsync("Wrong user name or password.");
        await fixture.ScreenshotAsync(page, "20-login-refused");

        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", Password);
        await page.ClickAsync("[data-testid='sign-in']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Upload videos");
        await page.Locator("[data-interactive='true']").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid='user-name']")).ToHaveTextAsync("admin");

        // The live dashboard works over the signed-in circuit.
        await page.Locator("[data-nav='Jobs']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        await fixture.ScreenshotAsync(page, "21-signed-in");

        await page.ClickAsync("[data-testid='sign-out']");
        await Assertions.Expect(page).ToHaveURLAsync(LoginUrl());
        await page.GotoAsync("jobs");
        await Assertions.Expect(page).ToHaveURLAsync(LoginUrl());
        fixture.AssertNoBrowserErrors(page);
        await page.Context.CloseAsync();
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [GeneratedRegex("/login(\\?|$)")]
    private static partial Regex LoginUrl();
}
