using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Jobs;

/// <summary>The moment a job's {date} is drawn as of: the same for every copy of a batch and every segment of a split.</summary>
public sealed class JobTokenTimeTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 23, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Split = new(2026, 12, 4, 0, 10, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 0, 20, 0, TimeSpan.Zero);

    private static Job NewJob() =>
        Job.Queue(JobIds.New(), "unprocessed-videos/cut.mp4", "watermark-cut.mp4", new WatermarkSpec(), 1000, null, "local") with { CreatedAt = Created };

    [Fact]
    public void A_job_of_its_own_draws_as_of_the_run()
    {
        Assert.Equal(Now, NewJob().TokenTime(Now));
    }

    [Fact]
    public void A_split_job_draws_as_of_its_split_so_its_segments_agree()
    {
        Assert.Equal(Split, (NewJob() with { SplitAt = Split }).TokenTime(Now));
    }

    [Fact]
    public void A_batch_copy_draws_as_of_the_batch_even_when_split_after_midnight()
    {
        var copy = NewJob() with { BatchId = JobIds.New() };

        Assert.Equal(Created, copy.TokenTime(Now));
        Assert.Equal(Created, (copy with { SplitAt = Split }).TokenTime(Now));
    }
}
