using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Tests.Services;

public sealed class JobDateRangeTests
{
    private static readonly TimeZoneInfo Sydney = TimeZoneInfo.CreateCustomTimeZone("test+10", TimeSpan.FromHours(10), "UTC+10", "UTC+10");

    [Fact]
    public void Both_days_are_included_whole()
    {
        var range = JobDateRange.Parse("2026-12-01", "2026-12-03", TimeZoneInfo.Utc);

        Assert.False(range.Contains(At("2026-11-30T23:59:59Z")));
        Assert.True(range.Contains(At("2026-12-01T00:00:00Z")));
        Assert.True(range.Contains(At("2026-12-03T23:59:59Z")));
        Assert.False(range.Contains(At("2026-12-04T00:00:00Z")));
    }

    [Fact]
    public void Days_are_the_portals_own_not_UTCs()
    {
        var range = JobDateRange.Parse("2026-12-02", "2026-12-02", Sydney);

        // 2026-12-01 20:00 UTC is already the 2nd in a zone ten hours ahead; 2026-12-02 15:00 UTC is the 3rd there.
        Assert.True(range.Contains(At("2026-12-01T20:00:00Z")));
        Assert.False(range.Contains(At("2026-12-02T15:00:00Z")));
    }

    [Fact]
    public void An_open_end_a_reversed_range_and_a_date_that_does_not_parse()
    {
        var from = JobDateRange.Parse("2026-12-02", null, TimeZoneInfo.Utc);
        Assert.True(from.Contains(At("2099-01-01T00:00:00Z")));
        Assert.False(from.Contains(At("2026-12-01T12:00:00Z")));

        var reversed = JobDateRange.Parse("2026-12-05", "2026-12-01", TimeZoneInfo.Utc);
        Assert.Equal(new DateOnly(2026, 12, 1), reversed.From);
        Assert.Equal(new DateOnly(2026, 12, 5), reversed.To);

        var nonsense = JobDateRange.Parse("yesterday", "2026-13-40", TimeZoneInfo.Utc);
        Assert.True(nonsense.IsEmpty);
        Assert.True(nonsense.Contains(At("1999-01-01T00:00:00Z")));
        Assert.Null(JobDateRange.Text(nonsense.From));
        Assert.Equal("2026-12-05", JobDateRange.Text(reversed.To));
    }

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
