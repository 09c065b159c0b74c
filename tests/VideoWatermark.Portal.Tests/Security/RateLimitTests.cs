using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Storage;
using VideoWatermark.Portal.Tests.Api;

namespace VideoWatermark.Portal.Tests.Security;

/// <summary>
/// Past the configured number of API calls per window a client gets 429 with Retry-After and a reason; the pages and
/// the embedded store's signed URLs are not counted.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.FivePerMinutePortal portal) : IClassFixture<RateLimitTests.FivePerMinutePortal>
{
    [Fact]
    public async Task Calls_under_the_limit_pass_and_the_next_gets_429_with_retry_after()
    {
        using var http = portal.Http();
        var store = portal.Services.GetRequiredService<IObjectStore>();
        await store.PutAsync("limits/blob.bin", new MemoryStream([1, 2, 3]), "application/octet-stream");
        var blob = await store.PresignDownloadAsync("limits/blob.bin", "blob.bin", TimeSpan.FromMinutes(5));

        for (var i = 1; i <= 5; i++)
        {
            using var ok = await http.GetAsync("/api/jobs");
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"call {i} of 5 answered {(int)ok.StatusCode}");
        }

        using var limited = await http.GetAsync("/api/watermarks");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Equal($"Too many requests; try again in {retryAfter.Value.TotalSeconds} s.", await Refusal.ReasonOf(limited));

        // Not counted: the pages and the store's URLs, each signed for one transfer.
        for (var i = 0; i < 10; i++)
        {
            using var page = await http.GetAsync("/jobs");
            using var download = await http.GetAsync(blob);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }
    }

    public sealed class FivePerMinutePortal() : KestrelPortal(new Dictionary<string, string?>
    {
        ["VideoWatermark:Portal:RateLimit:PermitLimit"] = "5",
        ["VideoWatermark:Portal:RateLimit:WindowSeconds"] = "60",
    });
}
