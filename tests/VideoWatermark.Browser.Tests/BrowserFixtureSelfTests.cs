using Microsoft.Playwright;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// The fixture's error checks catch what they promise: a browser test is only as strict as they are, and a failed
/// navigation shows nothing in the console that the console check would catch.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserFixtureSelfTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_failed_response_or_request_is_an_error_unless_the_test_named_it_as_expected()
    {
        var missing = $"api/jobs/{JobIds.New()}";

        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync(missing);
        Assert.Equal(404, response!.Status);
        Assert.Contains(fixture.BrowserErrors(page), e => e.StartsWith("http: 404 ", StringComparison.Ordinal) && e.EndsWith(missing, StringComparison.Ordinal));
        await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync("http://127.0.0.1:9/"));
        Assert.Contains(fixture.BrowserErrors(page), e => e.StartsWith("request failed: GET http://127.0.0.1:9/", StringComparison.Ordinal));
        Assert.ThrowsAny<Exception>(() => fixture.AssertNoBrowserErrors(page));
        await page.Context.CloseAsync();

        var expecting = await fixture.NewPageAsync(null, new ExpectedFailure("404", "/api/jobs/", "this test asks for a job that does not exist"));
        Assert.Equal(404, (await expecting.GotoAsync(missing))!.Status);
        fixture.AssertNoBrowserErrors(expecting);
        await expecting.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pages_a_test_opened_are_closed_when_it_ends_also_one_it_closed_itself()
    {
        var open = await fixture.NewPageAsync();
        await BrowserFixture.OpenAsync(open, "jobs");
        var closed = await fixture.NewPageAsync(BrowserFixture.Phone);
        await closed.Context.CloseAsync();

        var afterEachTest = Assert.Single(typeof(BrowserCollection).GetCustomAttributes(typeof(ClosePagesAfterEachTestAttribute), inherit: false));
        ((ClosePagesAfterEachTestAttribute)afterEachTest).After(typeof(BrowserFixtureSelfTests).GetMethod(nameof(The_pages_a_test_opened_are_closed_when_it_ends_also_one_it_closed_itself))!);

        Assert.True(open.IsClosed);
        Assert.Empty(fixture.BrowserErrors(open));
    }
}
