using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Services;

/// <summary>The Workers page's figures: what the last hour delivered and what was processed in all.</summary>
/// <param name="VideosLastHour">Jobs that succeeded within the last hour: videos per hour at the current pace.</param>
/// <param name="Realtime">
/// Seconds of video watermarked per second of a worker's wall time, over the last hour's succeeded jobs whose length
/// is known (their <see cref="Job.VideoSeconds"/> over their run, start to finish); null when none is known.
/// </param>
/// <param name="Succeeded">Jobs that ever succeeded.</param>
/// <param name="Failed">Jobs that ever failed.</param>
/// <param name="VideoHours">Hours of video in the succeeded jobs whose length is known.</param>
public sealed record ThroughputFigures(int VideosLastHour, double? Realtime, int Succeeded, int Failed, double VideoHours)
{
    /// <summary>The window the pace is measured over.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public static ThroughputFigures Of(IEnumerable<Job> jobs, DateTimeOffset now)
    {
        var since = now - Window;
        int lastHour = 0, succeeded = 0, failed = 0;
        double videoSeconds = 0, recentVideo = 0, recentRun = 0;
        foreach (var job in jobs)
        {
            if (job.State == JobState.Failed)
            {
                failed++;
                continue;
            }

            if (job.State != JobState.Succeeded)
            {
                continue;
            }

            succeeded++;
            var length = job.VideoSeconds is double known && known > 0 ? known : (double?)null;
            videoSeconds += length ?? 0;
            if (job.FinishedAt is not { } finished || finished <= since || finished > now)
            {
                continue;
            }

            lastHour++;
            if (length is { } seconds && job.StartedAt is { } started && finished > started)
            {
                recentVideo += seconds;
                recentRun += (finished - started).TotalSeconds;
            }
        }

        return new ThroughputFigures(lastHour, recentRun > 0 ? recentVideo / recentRun : null, succeeded, failed, videoSeconds / 3600);
    }
}
