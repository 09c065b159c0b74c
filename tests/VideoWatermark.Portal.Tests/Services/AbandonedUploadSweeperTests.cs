using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Tests.Infrastructure;

namespace VideoWatermark.Portal.Tests.Services;

public sealed class AbandonedUploadSweeperTests : PortalComponentContext
{
    [Fact]
    public async Task An_old_pending_job_is_cancelled_without_its_video_queued_with_it_and_a_recent_one_is_left()
    {
        var old = DateTimeOffset.UtcNow.AddHours(-25);
        var never = await AddJobAsync("never.mp4", JobState.Pending, old);
        var landed = await AddJobAsync("landed.mp4", JobState.Pending, old);
        await Store.PutAsync(landed.InputKey, new MemoryStream(new byte[100]), "video/mp4");
        var recent = await AddJobAsync("recent.mp4", JobState.Pending);

        // The landed upload's ObjectCreated already queued it through the store's listener; make it look lost again.
        await Jobs.UpdateAsync(landed.Id, j => j with { State = JobState.Pending, Attempts = 0, TaskId = null });
        await StartAsync();

        var handled = await Services.GetRequiredService<AbandonedUploadSweeper>().SweepAsync();

        Assert.Equal(2, handled);
        var cancelled = await Jobs.GetAsync(never.Id);
        Assert.Equal((JobState.Cancelled, "The upload never finished."), (cancelled!.State, cancelled.Error));
        Assert.Equal(JobState.Queued, (await Jobs.GetAsync(landed.Id))!.State);
        Assert.Equal(JobState.Pending, (await Jobs.GetAsync(recent.Id))!.State);
        Assert.NotNull(await Store.HeadAsync(landed.InputKey));
    }
}
