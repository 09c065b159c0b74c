using System.Globalization;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;

namespace VideoWatermark.Dispatcher;

/// <summary>The dispatcher's configuration: the original design's environment variables, then optional ones.</summary>
public sealed record DispatcherSettings
{
    /// <summary>The pipeline's bucket: the one <see cref="DispatcherEnvironment.WatermarkPath"/> names.</summary>
    public required string Bucket { get; init; }

    public required DispatchOptions Dispatch { get; init; }

    public required EcsLauncherOptions Ecs { get; init; }

    /// <summary>Events out, from the same <c>VideoWatermark__Events__*</c> variables the portal and the workers read.</summary>
    public EventsOptions Events { get; init; } = new();

    /// <summary>The SSM SecureString the events' signing key is read from at the cold start, unless the key is given itself.</summary>
    public string? WebhookSecretParameter { get; init; }

    public static DispatcherSettings FromEnvironment(IDictionary<string, string?> environment) =>
        FromEnvironment(name => environment.TryGetValue(name, out var value) ? value : null);

    /// <summary>
    /// Reads and checks every variable; throws one <see cref="InvalidOperationException"/> that names each missing or
    /// malformed one.
    /// </summary>
    public static DispatcherSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var problems = new List<string>();
        var missing = DispatcherEnvironment.Required.Where(name => Get(name) is null).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"Missing required environment variable{(missing.Count == 1 ? "" : "s")}: {string.Join(", ", missing)}.");
        }

        S3Path watermark = default;
        if (Get(DispatcherEnvironment.WatermarkPath) is { } path && !S3Path.TryParse(path, out watermark))
        {
            problems.Add($"{DispatcherEnvironment.WatermarkPath} '{path}' is not an s3://bucket/key path.");
        }

        var outputPrefix = "";
        try
        {
            outputPrefix = ObjectKeys.NormalizeOutputPrefix(Get(DispatcherEnvironment.OutputPrefix));
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{DispatcherEnvironment.OutputPrefix}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }

        var defaults = new DispatchOptions();
        var maxAttempts = defaults.MaxAttempts;
        if (Get(DispatcherEnvironment.MaxAttempts) is { } attemptsText
            && (!int.TryParse(attemptsText, NumberStyles.None, CultureInfo.InvariantCulture, out maxAttempts) || maxAttempts < 1))
        {
            problems.Add($"{DispatcherEnvironment.MaxAttempts} '{attemptsText}' must be a whole number of at least 1.");
        }

        var lease = defaults.Lease;
        if (Get(DispatcherEnvironment.LeaseMinutes) is { } leaseText)
        {
            if (double.TryParse(leaseText, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0 && double.IsFinite(minutes))
            {
                lease = TimeSpan.FromMinutes(minutes);
            }
            else
            {
                problems.Add($"{DispatcherEnvironment.LeaseMinutes} '{leaseText}' must be a positive number of minutes.");
            }
        }

        EcsLauncherOptions? ecs = null;
        if (missing.Count == 0)
        {
            try
            {
                ecs = EcsLauncherOptions.FromEnvironment(environment);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(ex.Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The dispatcher is not configured. " + string.Join(" ", problems));
        }

        return new DispatcherSettings
        {
            Bucket = watermark.Bucket,
            Ecs = ecs!,
            Events = EventsOptions.FromEnvironment(environment),
            WebhookSecretParameter = Get(DispatcherEnvironment.WebhookSecretParameter),
            Dispatch = new DispatchOptions
            {
                DefaultWatermarkKey = watermark.Key,
                OutputPrefix = outputPrefix,
                MaxAttempts = maxAttempts,
                Lease = lease,
            },
        };
    }
}
