using System.Globalization;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The <c>VideoWatermark:Limits</c> on a real local pipeline: each over-limit video fails before any work with one
/// line naming the setting, leaves no output and no log of an encode, and the next video is watermarked.
/// </summary>
public sealed class HostileLimitsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("VideoWatermark:Limits:MaxUploadBytes", "20000", "is ", "the limit is 19.5 KB (VideoWatermark:Limits:MaxUploadBytes).")]
    [InlineData("VideoWatermark:Limits:MaxDurationMinutes", "0.01", "lasts 2 s", "the limit is 0.6 s (VideoWatermark:Limits:MaxDurationMinutes).")]
    [InlineData("VideoWatermark:Limits:MaxWidth", "200", "is 320x240", "the limit is 200x200, either way up (VideoWatermark:Limits:MaxWidth, VideoWatermark:Limits:MaxHeight).")]
    public async Task A_video_over_a_limit_fails_before_work_starts_naming_the_limit(string setting, string value, string what, string limit)
    {
        var extra = setting.EndsWith("MaxWidth", StringComparison.Ordinal) ? ("VideoWatermark:Limits:MaxHeight", "200") : (setting, value);
        await using var pipeline = await PipelineHost.StartAsync(folder, (setting, value), extra);
        var clip = await Clips.GetAsync(2);
        await pipeline.Store.UploadAsync("unprocessed-videos/big.mp4", clip);

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));

        Assert.Equal(JobState.Failed, job.State);
        Assert.StartsWith($"'big.mp4' {what}", job.Error, StringComparison.Ordinal);
        Assert.EndsWith(limit, job.Error, StringComparison.Ordinal);
        Assert.Null(await pipeline.Store.HeadAsync(job.OutputKey));

        // Refused before the encode: ffmpeg never ran, so there is no log, and nothing under logs/ either.
        Assert.Null(job.LogKey);
        Assert.Empty(await pipeline.Store.ListAsync($"{ObjectKeys.LogsPrefix}{job.Id}/").ToListAsync());
    }

    [Fact]
    public async Task Within_the_limits_a_video_is_watermarked()
    {
        var clip = await Clips.GetAsync(2);
        await using var pipeline = await PipelineHost.StartAsync(folder,
            ("VideoWatermark:Limits:MaxUploadBytes", new FileInfo(clip).Length.ToString(CultureInfo.InvariantCulture)),
            ("VideoWatermark:Limits:MaxDurationMinutes", "0.05"),
            ("VideoWatermark:Limits:MaxWidth", "240"),
            ("VideoWatermark:Limits:MaxHeight", "320"));
        await pipeline.Store.UploadAsync("unprocessed-videos/fits.mp4", clip);

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));

        Assert.Equal(JobState.Succeeded, job.State);
    }
}
