using System.Globalization;

namespace VideoWatermark.Core.Limits;

/// <summary>
/// How large a video the system takes, bound from <c>VideoWatermark:Limits</c> by the portal, the local pool and the
/// Fargate worker alike, and checked before any work starts: the size before the portal signs an upload and before a
/// worker downloads, the duration and the picture size right after probing, before any encode. Each refusal is one
/// line that names the setting, so whoever runs the system knows what to raise.
/// </summary>
public sealed class InputLimits
{
    public const string Section = "VideoWatermark:Limits";

    /// <summary>Generous: S3 takes 5 TiB, but a mistake this size would fill a worker's disk.</summary>
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    public double MaxDurationMinutes { get; set; } = 4 * 60;

    /// <summary>
    /// The picture's longer side may be at most the larger of <see cref="MaxWidth"/> and <see cref="MaxHeight"/>, its
    /// shorter side at most the smaller: a portrait phone video (1080x1920) fits a 1920x1080 limit. 8K by default.
    /// </summary>
    public int MaxWidth { get; set; } = 7680;

    public int MaxHeight { get; set; } = 4320;

    /// <summary>The most recipients one upload's batch takes: each is a full job (a worker, an output).</summary>
    public int MaxRecipients { get; set; } = 1000;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxUploadBytes < 1)
        {
            problems.Add($"{Section}:MaxUploadBytes must be positive.");
        }

        if (!(MaxDurationMinutes > 0))
        {
            problems.Add($"{Section}:MaxDurationMinutes must be positive.");
        }

        if (MaxWidth < 2 || MaxHeight < 2)
        {
            problems.Add($"{Section}:MaxWidth and MaxHeight must be at least 2 pixels.");
        }

        if (MaxRecipients < 1)
        {
            problems.Add($"{Section}:MaxRecipients must be at least 1.");
        }

        return problems;
    }

    /// <summary>Why a batch of <paramref name="count"/> recipients is refused, or null.</summary>
    public string? RecipientsProblem(int count) => count > MaxRecipients
        ? string.Create(CultureInfo.InvariantCulture, $"The batch has {count} recipients; the limit is {MaxRecipients} ({Section}:MaxRecipients).")
        : null;

    /// <summary>Why a file of <paramref name="bytes"/> is refused, or null.</summary>
    public string? SizeProblem(string name, long bytes) => bytes > MaxUploadBytes
        ? $"'{name}' is {ByteSize.Format(bytes)}; the limit is {ByteSize.Format(MaxUploadBytes)} ({Section}:MaxUploadBytes)."
        : null;

    public string? DurationProblem(string name, TimeSpan duration) => duration.TotalMinutes > MaxDurationMinutes
        ? $"'{name}' lasts {Describe(duration)}; the limit is {Describe(TimeSpan.FromMinutes(MaxDurationMinutes))} ({Section}:MaxDurationMinutes)."
        : null;

    public string? ResolutionProblem(string name, int width, int height)
    {
        int longSide = Math.Max(MaxWidth, MaxHeight), shortSide = Math.Min(MaxWidth, MaxHeight);
        return Math.Max(width, height) > longSide || Math.Min(width, height) > shortSide
            ? $"'{name}' is {width}x{height}; the limit is {longSide}x{shortSide}, either way up ({Section}:MaxWidth, {Section}:MaxHeight)."
            : null;
    }

    private static string Describe(TimeSpan t) => t.TotalSeconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.#} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} h {t.Minutes} min"),
    };
}
