using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>End to end on one machine, the output is looked at, not only hashed: picture, watermark place, frames.</summary>
public sealed class PipelinePictureTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_upload_with_a_chosen_watermark_ends_with_that_watermark_where_asked_and_every_frame()
    {
        await using var pipeline = await PipelineHost.StartAsync(folder);
        var mark = await OutputPicture.PutTwoToneMarkAsync(pipeline.Store, folder, 64, 32);
        var id = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(id, "talk.mp4");
        Assert.True(await pipeline.Jobs.TryCreateAsync(new Job
        {
            Id = id,
            State = JobState.Pending,
            InputKey = key,
            OutputKey = ObjectKeys.OutputKey(key),
            FileName = "talk.mp4",
            Watermark = new WatermarkSpec { Image = mark, Position = Anchor.TopRight, Margin = 0.05, Scale = 0.3 },
        }));
        var clip = await Clips.GetAsync();

        await pipeline.Store.UploadAsync(key, clip);

        var job = Assert.Single(await pipeline.AllFinishedAsync(1));
        Assert.Equal(JobState.Succeeded, job.State);
        await OutputPicture.AssertTwoToneMarkAsync(pipeline.Store, job, clip, 64, 32, folder);
    }
}
