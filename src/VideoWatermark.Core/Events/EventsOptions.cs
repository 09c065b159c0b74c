using System.Globalization;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Where job and batch events go and how hard their delivery is tried (<c>VideoWatermark:Events:*</c>). Read the same
/// way by every process that finishes jobs (portal, worker, Lambda), so each records the same targets.
/// </summary>
public sealed record EventsOptions
{
    public const string Section = "VideoWatermark:Events";

    /// <summary>Receivers of every event; one or more absolute http(s) URLs.</summary>
    public IReadOnlyList<string> WebhookUrls { get; init; } = [];

    /// <summary>The key of the HMAC-SHA256 signature; without one, events go out unsigned.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>Lets targets in private, loopback and link-local ranges through (a receiver on the same network).</summary>
    public bool AllowPrivateTargets { get; init; }

    /// <summary>The portal's address as receivers reach it, for the events' download links; none without it.</summary>
    public string? PublicUrl { get; init; }

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxRetrySeconds"/>.</summary>
    public double FirstRetrySeconds { get; init; } = 10;

    public double MaxRetrySeconds { get; init; } = 3600;

    /// <summary>How long after the event a delivery is still tried.</summary>
    public double DeliverForHours { get; init; } = 24;

    /// <summary>One attempt's deadline, connect to response.</summary>
    public double AttemptTimeoutSeconds { get; init; } = 10;

    /// <summary>How often a delivery loop looks for events written by other processes (the worker, the Lambda).</summary>
    public double PollSeconds { get; init; } = 10;

    /// <summary>
    /// How far back the dispatcher's sweep looks for ends whose events a dying process never recorded. Short, as the
    /// sweep runs every few minutes: an end older than this is not caught up, and turning webhooks on sends the events
    /// of at most this much past.
    /// </summary>
    public double CatchUpHours { get; init; } = 1;

    public TimeSpan DeliverFor => TimeSpan.FromHours(DeliverForHours);

    /// <summary><see cref="CatchUpHours"/>, within the delivery window (an event older than that would not be sent).</summary>
    public TimeSpan CatchUpFor => TimeSpan.FromHours(Math.Min(CatchUpHours, DeliverForHours));

    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(AttemptTimeoutSeconds);

    /// <summary>
    /// Reads the section through <paramref name="get"/>, which answers configuration names
    /// (<c>VideoWatermark:Events:WebhookUrls</c>). <c>WebhookUrls</c> is a comma- or space-separated list, or an array
    /// (<c>WebhookUrls:0</c>, <c>WebhookUrls:1</c>, …).
    /// </summary>
    public static EventsOptions From(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        string? Value(string name) => get($"{Section}:{name}") is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var urls = new List<string>();
        if (Value(nameof(WebhookUrls)) is { } list)
        {
            urls.AddRange(list.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        for (var i = 0; Value($"{nameof(WebhookUrls)}:{i}") is { } url; i++)
        {
            urls.Add(url);
        }

        var defaults = new EventsOptions();
        double Number(string name, double fallback) =>
            Value(name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

        return new EventsOptions
        {
            WebhookUrls = [.. urls.Distinct(StringComparer.Ordinal)],
            WebhookSecret = Value(nameof(WebhookSecret)),
            AllowPrivateTargets = bool.TryParse(Value(nameof(AllowPrivateTargets)), out var allow) && allow,
            PublicUrl = Value(nameof(PublicUrl))?.TrimEnd('/'),
            FirstRetrySeconds = Number(nameof(FirstRetrySeconds), defaults.FirstRetrySeconds),
            MaxRetrySeconds = Number(nameof(MaxRetrySeconds), defaults.MaxRetrySeconds),
            DeliverForHours = Number(nameof(DeliverForHours), defaults.DeliverForHours),
            CatchUpHours = Number(nameof(CatchUpHours), defaults.CatchUpHours),
            AttemptTimeoutSeconds = Number(nameof(AttemptTimeoutSeconds), defaults.AttemptTimeoutSeconds),
            PollSeconds = Number(nameof(PollSeconds), defaults.PollSeconds),
        };
    }

    /// <summary>As <see cref="From(Func{string, string?})"/>, from environment variables (<c>VideoWatermark__Events__WebhookUrls</c>).</summary>
    public static EventsOptions FromEnvironment(Func<string, string?> environment) =>
        From(name => environment(name.Replace(":", "__", StringComparison.Ordinal)));
}
