using System.Text;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Tests.Jobs;

/// <summary>The phase times a worker records on a job, the breakdown made of them, the output facts and Run again.</summary>
public sealed class JobPhasesTests
{
    private static readonly DateTimeOffset Created = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Job Running(DateTimeOffset started)
    {
        var queued = Job.Queue("j1", "unprocessed-videos/j1/clip.mp4", "j1/watermark-clip.mp4", new WatermarkSpec(), 100, "v1", "ann") with { CreatedAt = Created };
        return queued.Start("local", started);
    }

    [Fact]
    public void A_whole_encode_splits_into_waiting_downloading_encoding_and_uploading_in_order()
    {
        var done = Running(Created.AddSeconds(2))
            .Reach(JobPhase.Encoding, Created.AddSeconds(5))
            .Reach(JobPhase.Uploading, Created.AddSeconds(15))
            .Succeed(10, "ab", Created.AddSeconds(16), 12.5, new OutputFacts("h264", "aac", 1280, 720, 12.5, 800_000));

        Assert.Equal(
            [
                new JobPhaseSpan(JobPhase.Waiting, TimeSpan.FromSeconds(2)),
                new JobPhaseSpan(JobPhase.Downloading, TimeSpan.FromSeconds(3)),
                new JobPhaseSpan(JobPhase.Encoding, TimeSpan.FromSeconds(10)),
                new JobPhaseSpan(JobPhase.Uploading, TimeSpan.FromSeconds(1)),
            ],
            done.Phases());
        Assert.Equal(new OutputFacts("h264", "aac", 1280, 720, 12.5, 800_000), done.Output);
    }

    [Fact]
    public void A_phase_keeps_the_first_time_it_was_reached_so_every_write_may_carry_it_again()
    {
        var job = Running(Created.AddSeconds(1))
            .Reach(JobPhase.Encoding, Created.AddSeconds(3))
            .Reach(JobPhase.Encoding, Created.AddSeconds(9));

        Assert.Equal(Created.AddSeconds(3), job.EncodeStartedAt);
    }

    [Fact]
    public void A_running_job_shows_only_the_phases_it_finished()
    {
        var job = Running(Created.AddSeconds(1)).Reach(JobPhase.Encoding, Created.AddSeconds(4));

        Assert.Equal([JobPhase.Waiting, JobPhase.Downloading], job.Phases().Select(p => p.Phase));
    }

    [Fact]
    public void A_new_attempt_forgets_the_last_ones_phases_and_facts()
    {
        var failed = Running(Created.AddSeconds(1))
            .Reach(JobPhase.Encoding, Created.AddSeconds(2))
            .Reach(JobPhase.Uploading, Created.AddSeconds(3))
            .Fail("store away", Created.AddSeconds(4));

        var again = failed.Retry().Start("local", Created.AddSeconds(10));

        Assert.Null(again.EncodeStartedAt);
        Assert.Null(again.UploadStartedAt);
        Assert.Null(again.Output);
        Assert.Equal([JobPhase.Waiting], again.Phases().Select(p => p.Phase));
    }

    [Fact]
    public void Only_a_running_job_reaches_a_phase_and_only_encoding_or_uploading_are_reached()
    {
        var queued = Job.Queue("j1", "unprocessed-videos/j1/clip.mp4", "out.mp4", new WatermarkSpec(), 1, null, "ann");

        Assert.Throws<InvalidJobTransitionException>(() => queued.Reach(JobPhase.Encoding, Created));
        Assert.Throws<ArgumentOutOfRangeException>(() => Running(Created).Reach(JobPhase.Waiting, Created));
    }

    [Fact]
    public void A_split_job_encodes_from_its_cut_to_its_join_and_joins_until_its_upload()
    {
        var job = Running(Created.AddSeconds(1))
            .Split(3, 0, Created.AddSeconds(4))
            .Join("local", Created.AddSeconds(30))
            .Reach(JobPhase.Uploading, Created.AddSeconds(33))
            .Succeed(10, "ab", Created.AddSeconds(34));

        Assert.Equal(
            [
                new JobPhaseSpan(JobPhase.Waiting, TimeSpan.FromSeconds(1)),
                new JobPhaseSpan(JobPhase.Downloading, TimeSpan.FromSeconds(3)),
                new JobPhaseSpan(JobPhase.Encoding, TimeSpan.FromSeconds(26)),
                new JobPhaseSpan(JobPhase.Joining, TimeSpan.FromSeconds(3)),
                new JobPhaseSpan(JobPhase.Uploading, TimeSpan.FromSeconds(1)),
            ],
            job.Phases());
    }

    [Fact]
    public void A_record_written_before_phase_times_existed_still_reads_and_shows_what_it_knows()
    {
        const string old = """
            { "id": "j1", "state": "succeeded", "inputKey": "unprocessed-videos/j1/clip.mp4", "outputKey": "j1/watermark-clip.mp4",
              "attempts": 1, "createdAt": "2025-05-01T12:00:00+00:00", "startedAt": "2025-05-01T12:00:02+00:00",
              "finishedAt": "2025-05-01T12:00:09+00:00", "outputSize": 10 }
            """;

        var job = JobJson.Deserialize(Encoding.UTF8.GetBytes(old));

        Assert.Null(job.Output);
        Assert.Equal([new JobPhaseSpan(JobPhase.Waiting, TimeSpan.FromSeconds(2))], job.Phases());
    }

    [Fact]
    public void Phase_times_and_output_facts_survive_the_record()
    {
        var done = Running(Created.AddSeconds(2))
            .Reach(JobPhase.Encoding, Created.AddSeconds(5))
            .Reach(JobPhase.Uploading, Created.AddSeconds(15))
            .Succeed(10, "ab", Created.AddSeconds(16), 12.5, new OutputFacts("h264", null, 720, 1280, 12.5, 800_000));

        var read = JobJson.Deserialize(JobJson.Serialize(done));

        Assert.Equal(done.Phases(), read.Phases());
        Assert.Equal(done.Output, read.Output);
    }

    [Fact]
    public void Running_again_makes_a_queued_job_of_the_same_video_with_its_own_output_and_the_new_choice()
    {
        var source = Running(Created.AddSeconds(1)).Succeed(10, "ab", Created.AddSeconds(5));
        var spec = new WatermarkSpec { Image = "watermarks/other.png", Position = Anchor.TopLeft };
        var template = new JobTemplate("lower-third", 2, new Dictionary<string, string> { ["client"] = "ACME" });

        var again = source.RunAgain("j2", "j1/watermark-clip-j2.mp4", spec, template, "bob", Created.AddMinutes(1));

        Assert.Equal(JobState.Queued, again.State);
        Assert.Equal(("j2", source.InputKey, "j1/watermark-clip-j2.mp4"), (again.Id, again.InputKey, again.OutputKey));
        Assert.Equal((spec, template, "bob", 1), (again.Watermark, again.Template, again.Owner, again.Attempts));
        Assert.Equal((source.FileName, source.InputSize, source.SourceVersion), (again.FileName, again.InputSize, again.SourceVersion));
        Assert.Equal(Created.AddMinutes(1), again.CreatedAt);
        Assert.Empty(again.Phases());
    }

    [Fact]
    public void A_job_runs_again_only_when_finished_with_a_video_that_arrived_and_was_not_broken()
    {
        var running = Running(Created);
        var broken = running.Fail("'clip.mp4' is damaged", Created.AddSeconds(1), permanent: true);
        var neverArrived = Job.Announce("j3", "unprocessed-videos/j3/clip.mp4", "o.mp4", new WatermarkSpec(), 1, "ann").Cancel("gave up", Created);
        var cancelled = running.Cancel("by a user", Created.AddSeconds(1));

        Assert.False(running.CanRunAgain);
        Assert.False(broken.CanRunAgain);
        Assert.False(neverArrived.CanRunAgain);
        Assert.True(cancelled.CanRunAgain);
        Assert.Throws<InvalidOperationException>(() => broken.RunAgain("j2", "x.mp4", new WatermarkSpec(), null, "ann", Created));
        Assert.Throws<ArgumentException>(() => cancelled.RunAgain("j2", cancelled.OutputKey, new WatermarkSpec(), null, "ann", Created));
    }
}
