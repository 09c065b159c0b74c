using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// Two writers holding the same read of one <c>jobs/&lt;id&gt;.json</c>, against moto, which (unlike s3rver) enforces
/// If-Match: the ETag guard lets exactly one write through, and JobStore's update makes the loser re-read and see the
/// winner. The writes are sent one after the other: moto checks If-Match and stores the body in two steps without a
/// lock, so two writes in flight at the same instant can both pass there, which S3 itself never allows. What is tested
/// is ours: the stale ETag is sent and its refusal is handled.
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

        var writes = new List<bool>();
        foreach (var task in new[] { "task-a", "task-b" })
        {
            using var body = new MemoryStream(JobJson.Serialize(job.Launch(task)));
            writes.Add(await store.PutAsync(key, body, "application/json", PutCondition.MustMatch(read.ETag)));
        }

        Assert.Equal([true, false], writes);
        var stored = await jobs.GetAsync(job.Id);
        Assert.Equal("task-a", stored!.TaskId);
    }

    [Fact]
    public async Task Two_updates_claiming_one_job_through_JobStore_end_with_one_claim()
    {
        var job = await CreateQueuedJobAsync();

        // Both writers hold the same unclaimed record before either writes; task-b writes only once task-a's update
        // has finished, so its write carries the ETag task-a's write replaced.
        using var bothRead = new CountdownEvent(2);
        var aDone = new TaskCompletionSource();
        Task<Job?> Claim(string task, Task? after) => Task.Run(() =>
        {
            var first = true;
            return jobs.UpdateAsync(job.Id, current =>
            {
                if (first)
                {
                    first = false;
                    bothRead.Signal();
                    Assert.True(bothRead.Wait(TimeSpan.FromSeconds(30)), "the other writer never read the record");
                    Assert.True(after?.Wait(TimeSpan.FromSeconds(30)) ?? true, "the first writer never finished");
                }

                return current.TaskId is null ? current.Launch(task) : current;
            });
        });

        var a = Claim("task-a", null);
        var b = Claim("task-b", aDone.Task);
        var winner = await a;
        aDone.SetResult();
        var loser = await b;

        var stored = await jobs.GetAsync(job.Id);
        Assert.Equal("task-a", stored?.TaskId);

        // The loser's write was refused; it read the record again and found it claimed, so both report the one winner.
        Assert.Equal("task-a", winner?.TaskId);
        Assert.Equal("task-a", loser?.TaskId);
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
