using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace LoadBench;

/// <summary>
/// The jobs dashboard under a full store, in headless chromium: (a) navigation start to the first job rows painted
/// (in the page and first contentful paint done) and to the rows the live circuit renders, each run in a fresh browser
/// context; (b) on one open dashboard, the time from an API call to the row showing its result: a new job appearing, then that job's cancel turning its chip to Cancelled.
/// An observer in the page stamps each row state the moment it enters the DOM, on the same clock as this process.
/// </summary>
internal static class DashboardLoad
{
    private const string Stamps = """
        window.__seen = {};
        const stamp = () => {
          const t = performance.timeOrigin + performance.now();
          if (window.__firstRow === undefined && document.querySelector('.job-row')) window.__firstRow = performance.now();
          if (window.__interactive === undefined && document.querySelector("[data-interactive='true'] .job-row")) window.__interactive = performance.now();
          for (const row of document.querySelectorAll('.job-row')) {
            const key = row.dataset.job + ':' + row.dataset.state;
            if (!(key in window.__seen)) window.__seen[key] = t;
          }
        };
        new MutationObserver(stamp).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state', 'data-interactive'] });
        """;

    public static async Task<int> RunAsync(Args args)
    {
        var portal = new Uri(args.Text("portal"));
        var runs = (int)args.Number("runs", 7);
        using var http = new HttpClient { BaseAddress = portal };
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright);

        var firstRows = new List<double>();
        var interactive = new List<double>();
        string caption = "";
        for (var run = 0; run <= runs; run++)
        {
            await using var context = await NewContextAsync(browser, portal);
            var page = await context.NewPageAsync();
            await page.GotoAsync("jobs", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync("() => window.__interactive !== undefined", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
            var first = await page.EvaluateAsync<double>("() => window.__firstRow");
            var live = await page.EvaluateAsync<double>("() => window.__interactive");
            var response = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseStart");
            var paint = await page.EvaluateAsync<double?>("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null");
            caption = await page.Locator(".job-list + .mud-typography, .job-list ~ *").Last.InnerTextAsync();
            // Run 0 warms the server (first compile of the page, first snapshot of the index) and is reported apart.
            Console.WriteLine($"dashboard: run {run}{(run == 0 ? " (warm-up)" : "")}: response {Stats.Ms(response)} ms, first rows {Stats.Ms(first)} ms, first paint {(paint is { } p ? Stats.Ms(p) : "-")} ms, live rows {Stats.Ms(live)} ms");
            if (run > 0)
            {
                // Rows count as visible once they are in the page and the page has painted (the stylesheets are in).
                firstRows.Add(Math.Max(first, paint ?? double.PositiveInfinity));
                interactive.Add(live);
            }
        }

        Console.WriteLine($"dashboard: shows \"{caption.Trim()}\"");
        Console.WriteLine($"dashboard: first render (navigation start -> first rows in the page and painted), median of {runs}: {Stats.Ms(Stats.Median(firstRows))} ms  [{Stats.List(firstRows)}]");
        Console.WriteLine($"dashboard: live (navigation start -> rows rendered by the circuit), median of {runs}: {Stats.Ms(Stats.Median(interactive))} ms  [{Stats.List(interactive)}]");

        var appear = new List<double>();
        var cancel = new List<double>();
        await using (var context = await NewContextAsync(browser, portal))
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("jobs");
            await page.WaitForFunctionAsync("() => window.__interactive !== undefined");
            await Task.Delay(1000);
            for (var run = 1; run <= runs; run++)
            {
                var t0 = Now();
                var ticket = await Json(await http.PostAsJsonAsync("api/videos", new { fileName = $"live-{run}.mp4", contentType = "video/mp4", size = 1000 }));
                var id = (string)ticket["jobId"]!;
                appear.Add(await SeenAsync(page, $"{id}:pending") - t0);

                await Task.Delay(500);
                var t1 = Now();
                await Json(await http.PostAsync($"api/jobs/{id}/cancel", null));
                cancel.Add(await SeenAsync(page, $"{id}:cancelled") - t1);
                await Task.Delay(500);
            }
        }

        Console.WriteLine($"dashboard: new job (POST /api/videos -> its row on the open page), median of {runs}: {Stats.Ms(Stats.Median(appear))} ms  [{Stats.List(appear)}]");
        Console.WriteLine($"dashboard: state change (POST /api/jobs/{{id}}/cancel -> chip shows Cancelled), median of {runs}: {Stats.Ms(Stats.Median(cancel))} ms  [{Stats.List(cancel)}]");
        Console.WriteLine($"dashboard: load {Stats.LoadAverage()}");
        var worst = new[] { Stats.Median(firstRows), Stats.Median(appear), Stats.Median(cancel) }.Max();
        return worst < 1000 ? 0 : 1;
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri portal)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        await context.AddInitScriptAsync(Stamps);
        return context;
    }

    private static async Task<double> SeenAsync(IPage page, string key)
    {
        await page.WaitForFunctionAsync("k => window.__seen[k] !== undefined", key);
        return await page.EvaluateAsync<double>("k => window.__seen[k]", key);
    }

    private static double Now() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static async Task<JsonObject> Json(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (JsonObject)(await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
