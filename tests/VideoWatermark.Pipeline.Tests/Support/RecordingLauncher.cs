using System.Collections.Concurrent;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>Records launches instead of starting workers, for the dispatch tests that look only at what dispatch decides.</summary>
public sealed class RecordingLauncher : ITaskLauncher
{
    public ConcurrentQueue<Job> Launched { get; } = new();

    public Task<string> LaunchAsync(Job job, CancellationToken cancellationToken = default)
    {
        Launched.Enqueue(job);
        return Task.FromResult($"recorded-{job.Id}-{job.Attempts}");
    }

    public ConcurrentQueue<JobSegment> LaunchedSegments { get; } = new();

    public Task<string> LaunchSegmentAsync(Job job, JobSegment segment, CancellationToken cancellationToken = default)
    {
        LaunchedSegments.Enqueue(segment);
        return Task.FromResult($"recorded-{job.Id}-s{segment.Index}-{segment.Attempts}");
    }
}
