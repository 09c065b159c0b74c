using Microsoft.Playwright;

namespace LoadBench;

/// <summary>Debian's chromium, headless, as the browser benches drive it (the browser tests launch it the same way).</summary>
internal static class HeadlessChromium
{
    private const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
}
