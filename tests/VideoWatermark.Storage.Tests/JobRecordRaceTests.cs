using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// Two writers racing on one <c>jobs/&lt;id&gt;.json</c> against moto, which (unlike s3rver) enforces If-Match: the
/// ETag guard lets exactly one write through, and JobStore's update makes the loser re-read and see the winner.
/// </summary>
public sealed class JobRecordRaceTests : IClassFixture<MotoServer>, IDisposable
{
    private readonly S3ObjectStore store;
    private readonly JobStore jobs;

    public JobRecordRaceTests(MotoServer server)
    {
        store = S3TestStores.For(server);
        jobs = new JobStore(store, TimeProvider.System);
    }

    [Fact]
    public async Task Two_writes_guarded_by_the_same_etag_let_exactly_one_through()
    {
        var job = await CreateQueuedJobAsync();
        var key = ObjectKeys.JobKey(job.Id);
        var read = await store.HeadAsync(key);
        Assert.NotNull(read?.ETag);

        var writes = await Task.WhenAll(new[] { "task-a", "task-b" }.Select(async task =>
        {
            using var body = new MemoryStream(JobJson.Serialize(job.Launch(task)));
            return await store.PutAsync(key, body, "application/json", PutCondition.MustMatch(read.ETag));
        }));

        Assert.Equal(1, writes.Count(won => won));
        var stored = await jobs.GetAsync(job.Id);
        Assert.Contains(stored!.TaskId, new[] { "task-a", "task-b" });
    }

    [Fact]
    public async Task Two_updates_claiming_one_job_through_JobStore_end_with_one_claim()
    {
        var job = await CreateQueuedJobAsync();

        // Both writers hold the same unclaimed record before either writes, so both writes race on one ETag.
        using var bothRead = new CountdownEvent(2);
        var updates = await Task.WhenAll(new[] { "task-a", "task-b" }.Select(task => Task.Run(() =>
        {
            var first = true;
            return jobs.UpdateAsync(job.Id, current =>
            {
                if (first)
                {
                    first = false;
                    bothRead.Signal();
                    Assert.True(bothRead.Wait(TimeSpan.FromSeconds(30)), "the other writer never read the record");
                }

                return current.TaskId is null ? current.Launch(task) : current;
            });
        })));

        var stored = await jobs.GetAsync(job.Id);
        Assert.NotNull(stored?.TaskId);

        // The loser's write was refused; it read the record again and found it claimed, so both report the one winner.
        Assert.All(updates, u => Assert.Equal(stored.TaskId, u!.TaskId));
    }

    public void Dispose() => store.Client.Dispose();

    private async Task<Job> CreateQueuedJobAsync()
    {
        var id = JobIds.New();
        var input = ObjectKeys.PortalUploadKey(id, "race.mp4");
        var job = Job.Queue(id, input, ObjectKeys.OutputKey(input), new WatermarkSpec { Image = ObjectKeys.DefaultWatermarkKey }, 1, "v1", "drop");
        Assert.True(await jobs.TryCreateAsync(job));
        return (await jobs.GetAsync(id))!;
    }
}
