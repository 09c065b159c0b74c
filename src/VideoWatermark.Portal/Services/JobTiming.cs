using System.Globalization;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Services;

/// <summary>Elapsed time and a linear estimate of the time left, from the job's own timestamps and progress.</summary>
public static class JobTiming
{
    public static TimeSpan? Elapsed(Job job, DateTimeOffset now) =>
        job.StartedAt is { } started ? (job.FinishedAt ?? now) - started : null;

    public static TimeSpan? Remaining(Job job, DateTimeOffset now)
    {
        if (job.State != JobState.Running || Elapsed(job, now) is not { } elapsed || job.Progress < 1 || job.Progress >= 100)
        {
            return null;
        }

        return TimeSpan.FromSeconds(elapsed.TotalSeconds * (100 - job.Progress) / job.Progress);
    }

    public static string Format(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalHours: >= 1 } s => string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalHours}h {s.Minutes:00}m"),
        { TotalMinutes: >= 1 } s => string.Create(CultureInfo.InvariantCulture, $"{s.Minutes}m {s.Seconds:00}s"),
        { } s => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, s.TotalSeconds):0}s"),
    };
}
