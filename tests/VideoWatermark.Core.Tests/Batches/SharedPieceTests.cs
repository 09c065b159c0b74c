using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Batches;

/// <summary>When a waiting copy may take a batch's shared piece over from its holder, and what the take-over keeps.</summary>
public sealed class SharedPieceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);
    private static readonly string BatchId = JobIds.New();

    [Fact]
    public void A_holder_running_the_attempt_that_claimed_it_with_a_fresh_heartbeat_keeps_it()
    {
        var holder = Running(attempt: 2, heartbeat: Now.AddSeconds(-10));
        var claim = SharedPiece.Claim(BatchId, 1, holder.Id, 2, Now.AddMinutes(-1));

        Assert.False(claim.HolderIsGone(holder, Now, Lease));
    }

    [Fact]
    public void A_holder_that_is_gone_silent_on_another_attempt_or_finished_loses_it()
    {
        var holder = Running(attempt: 2, heartbeat: Now.AddSeconds(-10));
        var claim = SharedPiece.Claim(BatchId, 1, holder.Id, 2, Now.AddMinutes(-1));

        Assert.True(claim.HolderIsGone(null, Now, Lease));
        Assert.True(claim.HolderIsGone(Running(attempt: 3, heartbeat: Now), Now, Lease));
        Assert.True(claim.HolderIsGone(holder with { HeartbeatAt = Now - Lease - TimeSpan.FromSeconds(1) }, Now, Lease));
        Assert.True(claim.HolderIsGone(holder.Fail("ffmpeg said no", Now), Now, Lease));
    }

    [Fact]
    public void A_take_over_starts_the_piece_afresh_for_the_new_holder_and_counts_the_claim()
    {
        var (a, b) = (JobIds.New(), JobIds.New());
        var done = SharedPiece.Claim(BatchId, 3, a, 1, Now.AddMinutes(-5)).Done(1234, new string('a', 64), Now.AddMinutes(-4));
        Assert.True(done.IsDone);

        var taken = done.TakeOver(b, 2, Now);

        Assert.False(taken.IsDone);
        Assert.True(taken.IsHeldBy(b, 2));
        Assert.False(taken.IsHeldBy(a, 1));
        Assert.Equal((2, Now, (long?)null, (string?)null), (taken.Claims, taken.ClaimedAt, taken.Size, taken.Sha256));
        // The new holder uploads to its own key: the old holder, finishing late, cannot overwrite what the new one records.
        Assert.Equal(ObjectKeys.SharedPieceFileKey(BatchId, 3, b, 2), taken.FileKey);
        Assert.NotEqual(done.FileKey, taken.FileKey);
        Assert.StartsWith(ObjectKeys.SharedWorkOf(BatchId), taken.FileKey, StringComparison.Ordinal);
    }

    private static Job Running(int attempt, DateTimeOffset heartbeat)
    {
        var job = Job.Queue(JobIds.New(), "unprocessed-videos/cut.mp4", "watermark-cut.mp4", new WatermarkSpec(), 1000, null, "local");
        for (var i = 0; i < attempt; i++)
        {
            job = (job.State == JobState.Running ? job.Requeue() : job).Start("local", Now.AddMinutes(-2));
        }

        return job with { HeartbeatAt = heartbeat };
    }
}
