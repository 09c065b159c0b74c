using Microsoft.Extensions.DependencyInjection;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Dispatch;
using VideoWatermark.Pipeline.Tests.Support;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>The dispatch core over the embedded disk store: which events make jobs, and which make none.</summary>
public sealed class DispatchSemanticsTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly RecordingLauncher launcher = new();
    private readonly ServiceProvider services;

    public DispatchSemanticsTests()
    {
        services = StoreServices.Build(folder, s =>
        {
            s.AddSingleton(new DispatchOptions());
            s.AddSingleton<ITaskLauncher>(launcher);
            s.AddSingleton<DispatchService>();
            s.AddSingleton<LandedUploads>();
        });
    }

    private IObjectStore Store => services.Store();

    private DispatchService Dispatch => services.GetRequiredService<DispatchService>();

    public void Dispose()
    {
        services.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task A_dropped_in_video_gets_a_queued_job_with_the_default_watermark()
    {
        var created = await PutVideoAsync("unprocessed-videos/holiday.mp4");

        var result = await Dispatch.HandleAsync(created);

        Assert.Equal(DispatchOutcome.Launched, result.Outcome);
        var job = await services.Jobs().GetAsync(result.JobId!);
        Assert.NotNull(job);
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(ObjectKeys.DefaultWatermarkKey, job.Watermark.Image);
        Assert.Equal("watermark-holiday.mp4", job.OutputKey);
        Assert.Equal(created.Size, job.InputSize);
        Assert.Equal(result.JobId, Assert.Single(launcher.Launched).Id);
    }

    [Fact]
    public async Task A_portal_announced_upload_keeps_the_users_choice_and_moves_to_queued()
    {
        var id = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(id, "Talk.MP4");
        var choice = new WatermarkSpec { Image = "watermarks/logo.png", Position = Anchor.BottomRight, Margin = 0.05, Scale = 0.25, Opacity = 0.6 };
        Assert.True(await services.Jobs().TryCreateAsync(Job.Announce(id, key, ObjectKeys.OutputKey(key), choice, inputSize: 0, owner: "alice")));

        var result = await Dispatch.HandleAsync(await PutVideoAsync(key));

        Assert.Equal(DispatchOutcome.Launched, result.Outcome);
        var job = await services.Jobs().GetAsync(id);
        Assert.Equal(JobState.Queued, job!.State);
        Assert.Equal(choice, job.Watermark);
        Assert.Equal("alice", job.Owner);
        Assert.Equal(1, job.Attempts);
    }

    [Fact]
    public async Task A_duplicate_event_makes_no_second_job_or_launch()
    {
        var created = await PutVideoAsync("unprocessed-videos/twice.mp4");

        var first = await Dispatch.HandleAsync(created);
        var second = await Dispatch.HandleAsync(created);

        Assert.Equal(DispatchOutcome.Launched, first.Outcome);
        Assert.Equal(DispatchOutcome.Duplicate, second.Outcome);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Single(launcher.Launched);
        Assert.Single(await services.Jobs().ListAsync().ToListAsync());
    }

    [Fact]
    public async Task A_second_upload_of_the_same_name_gets_its_own_output_key()
    {
        var firstUpload = await PutVideoAsync("unprocessed-videos/same.mp4", sequencer: "0001");
        var first = await services.Jobs().GetAsync((await Dispatch.HandleAsync(firstUpload)).JobId!);
        // The first job's output exists by the time the same name is uploaded again.
        await Store.PutAsync(first!.OutputKey, new MemoryStream([1, 2, 3]), "video/mp4");

        var secondUpload = await PutVideoAsync("unprocessed-videos/same.mp4", sequencer: "0002");
        var second = await services.Jobs().GetAsync((await Dispatch.HandleAsync(secondUpload)).JobId!);

        Assert.NotEqual(first.Id, second!.Id);
        Assert.Equal("watermark-same.mp4", first.OutputKey);
        Assert.NotEqual(first.OutputKey, second.OutputKey);
        Assert.StartsWith("watermark-same-", second.OutputKey, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await Store.ReadAllAsync(first.OutputKey));
    }

    [Fact]
    public async Task A_second_upload_of_the_same_name_while_the_first_is_still_running_gets_its_own_output_key()
    {
        var first = await services.Jobs().GetAsync((await Dispatch.HandleAsync(await PutVideoAsync("unprocessed-videos/busy.mp4", sequencer: "0001"))).JobId!);
        var second = await services.Jobs().GetAsync((await Dispatch.HandleAsync(await PutVideoAsync("unprocessed-videos/busy.mp4", sequencer: "0002"))).JobId!);
        var redelivered = await Dispatch.HandleAsync(await PutVideoAsync("unprocessed-videos/busy.mp4", sequencer: "0002"));

        Assert.Equal("watermark-busy.mp4", first!.OutputKey);
        Assert.NotEqual(first.OutputKey, second!.OutputKey);
        Assert.StartsWith("watermark-busy-", second.OutputKey, StringComparison.Ordinal);
        Assert.Equal(DispatchOutcome.Duplicate, redelivered.Outcome);
        Assert.Equal(second.OutputKey, (await services.Jobs().GetAsync(second.Id))!.OutputKey);
        Assert.Equal(2, launcher.Launched.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upload_that_landed_without_its_event_is_dispatched_once_when_the_event_comes_too(bool sweepFirst)
    {
        var id = JobIds.New();
        var key = ObjectKeys.PortalUploadKey(id, "late.mp4");
        Assert.True(await services.Jobs().TryCreateAsync(Job.Announce(id, key, ObjectKeys.OutputKey(key), new WatermarkSpec(), 1, "ana")));
        // Written with no listener: as far as the pipeline knows, the upload has not landed.
        var landedEvent = await PutVideoAsync(key, sequencer: "00AB");
        var sweep = services.GetRequiredService<LandedUploads>();

        var results = new List<DispatchOutcome?>();
        for (var turn = 0; turn < 2; turn++)
        {
            results.Add(turn == 0 == sweepFirst
                ? (await sweep.DispatchAsync(await services.Jobs().GetAsync(id) ?? throw new InvalidOperationException(), default))?.Outcome
                : (await Dispatch.HandleAsync(landedEvent)).Outcome);
        }

        Assert.Equal([DispatchOutcome.Launched, DispatchOutcome.Duplicate], results);
        Assert.Equal(id, Assert.Single(launcher.Launched).Id);
        var job = await services.Jobs().GetAsync(id);
        Assert.Equal((JobState.Queued, 1, landedEvent.ETag), (job!.State, job.Attempts, job.SourceVersion));
        Assert.Equal(0, await sweep.DispatchAsync(default));
    }

    [Theory]
    [InlineData("watermark-holiday.mp4")]
    [InlineData("unprocessed-videos/notes.txt")]
    [InlineData("unprocessed-videos/")]
    [InlineData("watermarks/watermark.png")]
    [InlineData("jobs/0123456789abcdefghjkmnpqrs.json")]
    public async Task Outputs_and_non_videos_start_nothing(string key)
    {
        var result = await Dispatch.HandleAsync(new ObjectCreated(Store.Bucket, key, 10, "etag", "0001"));

        Assert.Equal(DispatchOutcome.Ignored, result.Outcome);
        Assert.Empty(launcher.Launched);
        Assert.Empty(await services.Jobs().ListAsync().ToListAsync());
    }

    private async Task<ObjectCreated> PutVideoAsync(string key, string sequencer = "0001")
    {
        var size = await Store.UploadAsync(key, await Clips.GetAsync());
        var head = await Store.HeadAsync(key);
        return new ObjectCreated(Store.Bucket, key, size, head!.ETag, sequencer);
    }
}
