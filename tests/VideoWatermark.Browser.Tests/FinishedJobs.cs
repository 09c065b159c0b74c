using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Browser.Tests;

/// <summary>
/// Puts a finished job into a running portal as a worker would have left it: a real encoded clip at the job's output
/// key and a Succeeded record, so the pages that show and download results can be tested without waiting for an encode.
/// </summary>
public static class FinishedJobs
{
    public static async Task<Job> AddAsync(PortalServer portal, string fileName, int width = 320, int height = 180)
    {
        var store = portal.Services.GetRequiredService<IObjectStore>();
        var jobs = portal.Services.GetRequiredService<JobStore>();
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, fileName);
        var now = DateTimeOffset.UtcNow;
        var job = new Job
        {
            Id = id,
            State = JobState.Succeeded,
            InputKey = input,
            OutputKey = ObjectKeys.OutputKey(input),
            FileName = fileName,
            Watermark = new WatermarkSpec { Position = Anchor.BottomRight },
            CreatedAt = now.AddSeconds(-20),
            StartedAt = now.AddSeconds(-10),
            FinishedAt = now,
            Progress = 100,
        };

        var dir = TestMedia.NewTempDirectory("vw-browser-finished");
        var clip = TestMedia.Clip(Path.Combine(dir, "out.mp4"), new ClipOptions { Width = width, Height = height, Seconds = 1 });
        await store.UploadAsync(job.OutputKey, clip, "video/mp4");
        job = job with { OutputSize = new FileInfo(clip).Length, InputSize = new FileInfo(clip).Length };
        Assert.True(await jobs.TryCreateAsync(job));
        return job;
    }

    /// <summary>
    /// Adds a job record in the given state with no video behind it, so a page can be checked with a job of every
    /// state on it at once (chips, progress bars and actions differ by state); <paramref name="created"/> dates it
    /// (its other times follow), now by default.
    /// </summary>
    public static async Task<Job> AddRecordAsync(
        PortalServer portal, string fileName, JobState state, string? error = null, bool cancelRequested = false, DateTimeOffset? created = null)
    {
        var jobs = portal.Services.GetRequiredService<JobStore>();
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, fileName);
        var now = created?.AddSeconds(20) ?? DateTimeOffset.UtcNow;
        var job = new Job
        {
            Id = id,
            State = state,
            InputKey = input,
            OutputKey = ObjectKeys.OutputKey(input),
            FileName = fileName,
            Watermark = new WatermarkSpec { Position = Anchor.BottomRight },
            CreatedAt = now.AddSeconds(-20),
            UpdatedAt = now,
            StartedAt = state is JobState.Pending or JobState.Queued ? null : now.AddSeconds(-10),
            HeartbeatAt = state == JobState.Running ? now : null,
            FinishedAt = state is JobState.Failed or JobState.Cancelled ? now : null,
            Progress = state == JobState.Running ? 40 : 0,
            Attempts = state is JobState.Pending or JobState.Queued ? 0 : 1,
            Error = error,
            CancelRequested = cancelRequested,
        };
        Assert.True(await jobs.TryCreateAsync(job));
        return job;
    }
}
