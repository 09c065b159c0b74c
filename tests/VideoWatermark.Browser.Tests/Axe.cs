using System.Text.Json;
using Microsoft.Playwright;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Runs axe-core (from the tests' npm packages) in a page against the WCAG 2.x A and AA rules, as an accessibility
/// audit would, and fails listing each violation with the elements it found it on.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Path.Combine(VideoWatermark.Testing.RepositoryRoot.Path, "tests", "node", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path) : throw new FileNotFoundException("axe-core is not installed: run npm ci in tests/node.", path);
    });

    // Evaluated through the browser's debugging protocol, so the portal's script policy does not apply to it and
    // nothing in the page has to change for the check.
    private const string Run = """
        async () => {
            const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
            return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
            })));
        }
        """;

    // A colour caught mid-transition (a button fading to the theme's colour as the page settles) is not what a person
    // reads: the check waits for the page's finite animations and transitions to end first, within a bound.
    private const string Settle = """
        async () => {
            const finite = document.getAnimations().filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
            await Promise.race([
                Promise.all(finite.map(a => a.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 5000)),
            ]);
        }
        """;

    public static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        await page.EvaluateAsync(Settle);
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            await page.EvaluateAsync(Source.Value);
        }

        var json = await page.EvaluateAsync<string>(Run);
        var violations = JsonSerializer.Deserialize<List<Violation>>(json, JsonSerializerOptions.Web)!;
        Assert.True(
            violations.Count == 0,
            $"{where}: {violations.Count} accessibility violation(s):\n" + string.Join("\n", violations.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes))));
    }

    private sealed record Violation(string Id, string? Impact, string Help, List<string> Nodes);
}
