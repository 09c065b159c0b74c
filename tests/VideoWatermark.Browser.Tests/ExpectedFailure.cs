using System.Text.RegularExpressions;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// A failed request a test provokes on purpose, so <see cref="BrowserFixture"/> does not count it as an error: the
/// status (<c>"401"</c>) or Chromium's failure (<c>"net::ERR_BLOCKED_BY_RESPONSE"</c>), a part of the URL, and why
/// the test expects it.
/// </summary>
public sealed partial record ExpectedFailure(string Failure, string UrlPart, string Reason)
{
    public static bool Covers(IEnumerable<ExpectedFailure> expected, string failure, string url) =>
        expected.Any(e => string.Equals(e.Failure, failure, StringComparison.Ordinal) && url.Contains(e.UrlPart, StringComparison.Ordinal));

    /// <summary>
    /// Chromium's console line for a failed load of an expected failure ("… a status of 429 …" or
    /// "… net::ERR_CONNECTION_FAILED" at its URL).
    /// </summary>
    public static bool CoversLoadMessage(IEnumerable<ExpectedFailure> expected, string text, string location)
    {
        var load = LoadFailure().Match(text);
        return load.Success && Covers(expected, load.Groups[1].Success ? load.Groups[1].Value : load.Groups[2].Value, location);
    }

    [GeneratedRegex("^Failed to load resource: (?:the server responded with a status of (\\d+)|(net::ERR_[A-Z_]+))")]
    private static partial Regex LoadFailure();
}
