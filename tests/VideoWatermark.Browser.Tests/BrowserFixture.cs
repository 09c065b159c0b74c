using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// One portal and one headless Debian chromium for the browser tests. Playwright drives the system's chromium; it
/// never downloads a browser. Without chromium the tests fail and say how to get it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private const string ReportViolations = """
        document.addEventListener("securitypolicyviolation", (e) =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private readonly ConcurrentDictionary<IPage, ConcurrentQueue<string>> browserErrors = new();

    private readonly ConcurrentDictionary<IPage, ConcurrentQueue<(string Url, string Failure)>> failedRequests = new();

    private readonly ConcurrentDictionary<IPage, ConcurrentQueue<string>> downloads = new();

    private readonly ConcurrentDictionary<IPage, PortalServer> servers = new();

    private readonly ConcurrentQueue<IBrowserContext> openContexts = new();

    private IPlaywright? playwright;

    public PortalServer Portal { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The fixture of this test run, for <see cref="ClosePagesAfterEachTestAttribute"/>.</summary>
    internal static BrowserFixture? Running { get; private set; }

    /// <summary>Where each step's screenshot goes: artifacts/screenshots at the repository root (gitignored).</summary>
    public string ScreenshotDir { get; } = Path.Combine(VideoWatermark.Testing.RepositoryRoot.Path, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {ChromiumPath}: install it with 'apt-get install chromium' (scripts/test.sh does).");
        }

        Directory.CreateDirectory(ScreenshotDir);
        Running = this;
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// A page in a fresh context that records what would show in its console as an error: console errors, uncaught
    /// exceptions and Content-Security-Policy violations (reported by the <c>securitypolicyviolation</c> event, which
    /// a script Playwright adds before the page's own listens for), and every HTTP response of 400 or more and every
    /// request that failed outright, except the <paramref name="expected"/> ones the test provokes on purpose.
    /// <see cref="AssertNoBrowserErrors"/> checks them.
    /// </summary>
    public Task<IPage> NewPageAsync(PortalServer? portal = null, params ExpectedFailure[] expected) =>
        NewPageAsync(new ViewportSize { Width = 1400, Height = 900 }, portal, expected);

    /// <summary>
    /// How long to wait for what the portal draws with ffmpeg for a page (the template preview): one short run, but on a
    /// busy 2-core machine it queues behind the worker pool's encodes. A failure is still a missing image, found later.
    /// </summary>
    public static readonly LocatorAssertionsToBeVisibleOptions FfmpegDrawn = new() { Timeout = 90_000 };

    /// <summary>A laptop's window, for tests that compare layouts.</summary>
    public static ViewportSize Desktop => new() { Width = 1280, Height = 800 };

    /// <summary>A phone held upright (an iPhone 14's CSS pixels).</summary>
    public static ViewportSize Phone => new() { Width = 390, Height = 844 };

    /// <summary>The two widths a page is driven at, for <c>[MemberData(nameof(BrowserFixture.Widths), MemberType = typeof(BrowserFixture))]</c>.</summary>
    public static TheoryData<string> Widths => ["desktop", "phone"];

    /// <summary>The window for one of <see cref="Widths"/>.</summary>
    public static ViewportSize Viewport(string width) => width == "phone" ? Phone : Desktop;

    /// <summary>As <see cref="NewPageAsync(PortalServer?, ExpectedFailure[])"/>, in a window of <paramref name="viewport"/>'s size.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize viewport, PortalServer? portal = null, params ExpectedFailure[] expected)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (portal ?? Portal).BaseAddress.ToString(),
            ViewportSize = viewport,
            AcceptDownloads = true,
        });
        openContexts.Enqueue(context);
        context.SetDefaultTimeout(20_000);
        // Web-first assertions wait 5 s by default, too short for a Blazor circuit's first render on a busy 2-core
        // machine; they wait as long as actions do. A failure is still a missing element, only found later.
        Assertions.SetDefaultExpectTimeout(20_000);
        await context.AddInitScriptAsync(ReportViolations);
        var page = await context.NewPageAsync();
        servers[page] = portal ?? Portal;
        var errors = browserErrors.GetOrAdd(page, _ => new ConcurrentQueue<string>());
        var failed = failedRequests.GetOrAdd(page, _ => new ConcurrentQueue<(string, string)>());
        var downloaded = downloads.GetOrAdd(page, _ => new ConcurrentQueue<string>());
        page.Download += (_, download) => downloaded.Enqueue(download.Url);
        page.Console += (_, message) =>
        {
            // Chromium also logs each failed load; an expected one is expected there too.
            if (message.Type == "error" && !ExpectedFailure.CoversLoadMessage(expected, message.Text, message.Location))
            {
                errors.Enqueue($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Enqueue("uncaught: " + error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !ExpectedFailure.Covers(expected, response.Status.ToString(CultureInfo.InvariantCulture), response.Url))
            {
                errors.Enqueue($"http: {response.Status} {response.StatusText} for {response.Request.Method} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // A blob: or data: URL is the page reading its own memory (a chosen file's preview, stopped when the page
            // is left), not a request to any server.
            var network = request.Url.StartsWith("http:", StringComparison.Ordinal) || request.Url.StartsWith("https:", StringComparison.Ordinal);

            // A player's range request is aborted by the browser itself whenever its page is left or its source
            // changes. That a result really plays is JobResultTests' check (the player reads the video's frames).
            var playerLeft = request.ResourceType == "media" && request.Failure == "net::ERR_ABORTED";
            if (network && !playerLeft && !ExpectedFailure.Covers(expected, request.Failure ?? "", request.Url))
            {
                failed.Enqueue((request.Url, $"request failed: {request.Method} {request.Url}: {request.Failure}"));
            }
        };
        return page;
    }

    /// <summary>What <paramref name="page"/> has reported as an error so far.</summary>
    /// <remarks>
    /// A request that became a download is aborted as a page load (net::ERR_ABORTED) once the browser saves it
    /// instead; that is the download working, not a failure, whichever of the two events came first.
    /// </remarks>
    public IReadOnlyCollection<string> BrowserErrors(IPage page)
    {
        var errors = browserErrors.TryGetValue(page, out var logged) ? logged.ToList() : [];
        var saved = downloads.TryGetValue(page, out var urls) ? urls.ToHashSet(StringComparer.Ordinal) : [];
        if (failedRequests.TryGetValue(page, out var failed))
        {
            errors.AddRange(failed
                .Where(f => !(saved.Contains(f.Url) && f.Failure.EndsWith("net::ERR_ABORTED", StringComparison.Ordinal)))
                .Select(f => f.Failure));
        }

        return errors;
    }

    /// <summary>Fails, listing them, when <paramref name="page"/> logged an error, the policy blocked something or a request failed.</summary>
    public void AssertNoBrowserErrors(IPage page)
    {
        var errors = BrowserErrors(page);
        if (errors.Count == 0)
        {
            return;
        }

        var logged = servers.TryGetValue(page, out var server) ? server.Errors.Entries : [];
        Assert.Fail(
            $"the page at {page.Url} reported {errors.Count} error(s):\n{string.Join('\n', errors)}"
            + (logged.Count == 0 ? "\nThe portal logged no error." : $"\nThe portal logged:\n{string.Join('\n', logged)}"));
    }

    /// <summary>
    /// Opens a page of the portal and waits until its circuit runs it: a click on the prerendered page before that
    /// would race the circuit's own first render. A circuit's start (script, WebSocket, the page's second render) is
    /// the slowest step under load: two CPU hogs beside the suite have held it past 20 s, so it gets a minute.
    /// </summary>
    public static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        try
        {
            await page.Locator("[data-interactive='true']").WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"/{path} was shown but its circuit did not run it within 60 s.", ex);
        }
    }

    /// <summary>
    /// Closes every page opened so far. An open page keeps its circuit, and a jobs page re-renders on every job of
    /// every later test: left open, they made each browser test slower than the one before.
    /// </summary>
    internal async Task ClosePagesAsync()
    {
        while (openContexts.TryDequeue(out var context))
        {
            foreach (var page in context.Pages)
            {
                browserErrors.TryRemove(page, out _);
                failedRequests.TryRemove(page, out _);
                downloads.TryRemove(page, out _);
                servers.TryRemove(page, out _);
            }

            await context.CloseAsync();
        }
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await Portal.DisposeAsync();
    }

}

[CollectionDefinition(Name)]
[ClosePagesAfterEachTest]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
