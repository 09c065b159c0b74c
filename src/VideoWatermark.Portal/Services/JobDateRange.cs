using System.Globalization;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// The jobs list's date filter, written in the address as <c>?from=2026-12-01&amp;to=2026-12-03</c>: the days a job
/// was created on, both ends included, in the portal's time zone (the one its pages show times in). Either end may be
/// open; a reversed range is read the right way round, and a date that does not parse is no bound.
/// </summary>
public readonly record struct JobDateRange
{
    private const string Format = "yyyy-MM-dd";

    public DateOnly? From { get; private init; }

    public DateOnly? To { get; private init; }

    /// <summary>The first instant inside the range; null when it has no start.</summary>
    public DateTimeOffset? Start { get; private init; }

    /// <summary>The first instant after the range; null when it has no end.</summary>
    public DateTimeOffset? End { get; private init; }

    public bool IsEmpty => From is null && To is null;

    public static JobDateRange Parse(string? from, string? to, TimeZoneInfo zone)
    {
        var first = ParseDay(from);
        var last = ParseDay(to);
        if (first > last)
        {
            (first, last) = (last, first);
        }

        return new JobDateRange
        {
            From = first,
            To = last,
            Start = first is { } f ? StartOf(f, zone) : null,
            End = last is { } l ? StartOf(l.AddDays(1), zone) : null,
        };
    }

    public bool Contains(DateTimeOffset instant) => (Start is not { } s || instant >= s) && (End is not { } e || instant < e);

    /// <summary>A day as the address and a date input write it; null for an open end.</summary>
    public static string? Text(DateOnly? day) => day?.ToString(Format, CultureInfo.InvariantCulture);

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    /// <summary>Midnight of <paramref name="day"/> in <paramref name="zone"/>; on a day that skips midnight, its first hour that exists.</summary>
    private static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
