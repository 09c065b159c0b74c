using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Core.Tests.Jobs;

/// <summary>Every state against every transition: the legal ones land where they should, the others throw and change nothing.</summary>
public sealed class JobLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 1, 12, 0, 0, TimeSpan.Zero);

    // Written out by hand, apart from the table it checks: (transition, from) → to.
    private static readonly Dictionary<(JobTransition, JobState), JobState> Legal = new()
    {
        [(JobTransition.Land, JobState.Pending)] = JobState.Queued,
        [(JobTransition.Launch, JobState.Queued)] = JobState.Queued,
        [(JobTransition.Start, JobState.Queued)] = JobState.Running,
        [(JobTransition.Beat, JobState.Running)] = JobState.Running,
        [(JobTransition.RequestCancel, JobState.Running)] = JobState.Running,
        [(JobTransition.Succeed, JobState.Running)] = JobState.Succeeded,
        [(JobTransition.Fail, JobState.Queued)] = JobState.Failed,
        [(JobTransition.Fail, JobState.Running)] = JobState.Failed,
        [(JobTransition.Cancel, JobState.Pending)] = JobState.Cancelled,
        [(JobTransition.Cancel, JobState.Queued)] = JobState.Cancelled,
        [(JobTransition.Cancel, JobState.Running)] = JobState.Cancelled,
        [(JobTransition.Requeue, JobState.Queued)] = JobState.Queued,
        [(JobTransition.Requeue, JobState.Running)] = JobState.Queued,
        [(JobTransition.Retry, JobState.Failed)] = JobState.Queued,
        [(JobTransition.Retry, JobState.Cancelled)] = JobState.Queued,
        [(JobTransition.Reannounce, JobState.Cancelled)] = JobState.Pending,
        [(JobTransition.Split, JobState.Running)] = JobState.Running,
        [(JobTransition.Join, JobState.Running)] = JobState.Running,
    };

    public static TheoryData<JobState, JobTransition> EveryPair()
    {
        var data = new TheoryData<JobState, JobTransition>();
        foreach (var state in Enum.GetValues<JobState>())
        {
            foreach (var transition in Enum.GetValues<JobTransition>())
            {
                data.Add(state, transition);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void A_transition_moves_a_job_only_from_the_states_it_starts_from(JobState from, JobTransition transition)
    {
        var job = JobIn(from);

        if (Legal.TryGetValue((transition, from), out var to))
        {
            Assert.True(job.Can(transition));
            Assert.Equal(to, Apply(job, transition).State);
        }
        else
        {
            Assert.False(job.Can(transition));
            var refused = Assert.Throws<InvalidJobTransitionException>(() => Apply(job, transition));
            Assert.Equal((from, transition), (refused.State, refused.Transition));
            Assert.StartsWith($"Job {job.Id} is {JobStates.Name(from)}; {transition} applies only to ", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_table_covers_every_transition_and_no_more_than_the_hand_written_list()
    {
        foreach (var transition in Enum.GetValues<JobTransition>())
        {
            var sources = JobLifecycle.Sources(transition);
            Assert.NotEmpty(sources);
            Assert.Equal(
                Legal.Keys.Where(k => k.Item1 == transition).Select(k => k.Item2).Order(),
                sources.Order());
        }
    }

    [Fact]
    public void An_announced_upload_lands_as_its_first_attempt_with_the_object_version()
    {
        var job = Job.Announce(JobIds.New(), "unprocessed-videos/x/a.mp4", "watermark-a.mp4", new(), 10, "ana");

        var landed = job.Land(12, "etag-1");

        Assert.Equal((JobState.Pending, 0), (job.State, job.Attempts));
        Assert.Equal((JobState.Queued, 1, 12L, "etag-1", "a.mp4"), (landed.State, landed.Attempts, landed.InputSize, landed.SourceVersion, landed.FileName));
    }

    [Fact]
    public void A_run_starts_clean_and_succeeds_with_its_verified_output()
    {
        var failedBefore = JobIn(JobState.Running).Fail("boom", Now).Retry();
        var running = failedBefore.Launch("task-2").Start(null, Now);

        Assert.Equal((JobState.Running, 3, "task-2", 0.0, null), (running.State, running.Attempts, running.TaskId, running.Progress, running.Error));
        Assert.Equal((Now, Now, (DateTimeOffset?)null), (running.StartedAt, running.HeartbeatAt, running.FinishedAt));

        var done = running.Beat(40, Now.AddSeconds(5)).Succeed(1234, "abc", Now.AddSeconds(9));

        Assert.Equal((JobState.Succeeded, 100.0, 1234L, "abc"), (done.State, done.Progress, done.OutputSize, done.OutputSha256));
        Assert.Equal((Now.AddSeconds(5), Now.AddSeconds(9)), (done.HeartbeatAt, done.FinishedAt));
    }

    [Fact]
    public void A_requeued_run_spends_its_attempt_and_keeps_a_cancel_request_for_the_next_claim()
    {
        var running = JobIn(JobState.Running).Beat(55, Now).RequestCancel();

        var requeued = running.Requeue();

        Assert.Equal((JobState.Queued, 3, null, 0.0), (requeued.State, requeued.Attempts, requeued.TaskId, requeued.Progress));
        Assert.Equal(((DateTimeOffset?)null, (DateTimeOffset?)null), (requeued.StartedAt, requeued.HeartbeatAt));
        Assert.True(requeued.CancelRequested);
    }

    [Fact]
    public void A_retry_forgets_the_last_run_and_its_cancel_request()
    {
        var cancelled = JobIn(JobState.Queued).Cancel("Cancelled by a user.", Now);
        Assert.Equal((JobState.Cancelled, true, "Cancelled by a user.", (DateTimeOffset?)Now), (cancelled.State, cancelled.CancelRequested, cancelled.Error, cancelled.FinishedAt));

        var retried = cancelled.Retry();

        Assert.Equal((JobState.Queued, 3, false, null, (DateTimeOffset?)null), (retried.State, retried.Attempts, retried.CancelRequested, retried.Error, retried.FinishedAt));
    }

    [Fact]
    public void A_failure_of_the_input_is_not_retryable_and_a_transient_one_is()
    {
        var broken = JobIn(JobState.Running).Fail("'a.mp4' is not a playable video.", Now, permanent: true);
        var transient = JobIn(JobState.Running).Fail("The object store did not answer.", Now);

        Assert.Equal((JobState.Failed, true, false), (broken.State, broken.PermanentFailure, broken.Retryable));
        Assert.Equal((JobState.Failed, false, true), (transient.State, transient.PermanentFailure, transient.Retryable));
        Assert.True(JobJson.Deserialize(JobJson.Serialize(broken)).PermanentFailure);
    }

    [Fact]
    public void A_cancelled_upload_whose_video_never_arrived_is_announced_again_and_cannot_be_retried()
    {
        var announced = Job.Announce(JobIds.New(), "unprocessed-videos/x/a.mp4", "x/watermark-a.mp4", new(), 10, "ana") with { CreatedAt = Now };
        var givenUp = announced.Cancel("The upload failed: network error.", Now.AddMinutes(1));

        Assert.False(givenUp.VideoArrived);
        Assert.False(givenUp.Retryable);

        var again = givenUp.Reannounce(new() { Image = "watermarks/b.png" }, 12, Now.AddMinutes(2));

        Assert.Equal((JobState.Pending, 0, 12L, "watermarks/b.png"), (again.State, again.Attempts, again.InputSize, again.Watermark.Image));
        Assert.Equal((false, null, (DateTimeOffset?)null, Now.AddMinutes(2)), (again.CancelRequested, again.Error, again.FinishedAt, again.CreatedAt));
        Assert.Equal((announced.Id, announced.InputKey), (again.Id, again.InputKey));
    }

    [Fact]
    public void A_job_whose_video_arrived_is_retried_not_announced_again()
    {
        var landed = Job.Announce(JobIds.New(), "unprocessed-videos/x/a.mp4", "x/watermark-a.mp4", new(), 10, "ana").Land(10, "etag-1");
        var cancelled = landed.Cancel("Cancelled by a user.", Now);

        Assert.True(cancelled.VideoArrived);
        Assert.True(cancelled.Retryable);
        Assert.Throws<InvalidOperationException>(() => cancelled.Reannounce(new(), 10, Now));
        Assert.False(JobJson.Serialize(cancelled).AsSpan().IndexOf("videoArrived"u8) >= 0);
    }

    [Fact]
    public void Only_the_running_attempt_owns_the_job()
    {
        var job = JobIn(JobState.Running);

        Assert.True(job.IsRunningAttempt(2));
        Assert.False(job.IsRunningAttempt(1));
        Assert.False(job.Requeue().IsRunningAttempt(3));
    }

    private static Job JobIn(JobState state) => new()
    {
        Id = JobIds.New(),
        State = state,
        InputKey = "unprocessed-videos/a.mp4",
        OutputKey = "watermark-a.mp4",
        Attempts = 2,
        TaskId = "task-1",
        Progress = 30,
        StartedAt = Now.AddMinutes(-1),
        HeartbeatAt = Now.AddSeconds(-10),
    };

    private static Job Apply(Job job, JobTransition transition) => transition switch
    {
        JobTransition.Land => job.Land(100, "v1"),
        JobTransition.Launch => job.Launch("task-2"),
        JobTransition.Start => job.Start("task-2", Now),
        JobTransition.Beat => job.Beat(50, Now),
        JobTransition.RequestCancel => job.RequestCancel(),
        JobTransition.Succeed => job.Succeed(10, "00", Now),
        JobTransition.Fail => job.Fail("It broke.", Now),
        JobTransition.Cancel => job.Cancel("Cancelled by a user.", Now),
        JobTransition.Requeue => job.Requeue(),
        JobTransition.Retry => job.Retry(),
        JobTransition.Reannounce => (job with { Attempts = 0, SourceVersion = null }).Reannounce(new(), 100, Now),
        JobTransition.Split => job.Split(3, 0, Now),
        JobTransition.Join => (job with { Segments = 3 }).Join("task-2", Now),
        _ => throw new ArgumentOutOfRangeException(nameof(transition)),
    };

    [Fact]
    public void A_split_job_waits_for_its_segments_is_cancelled_at_once_and_joins_once_they_are_done()
    {
        var split = JobIn(JobState.Running).Split(3, 0, Now);

        Assert.True(split.AwaitsSegments);
        Assert.Equal((JobState.Running, 3, Now), (split.State, split.Segments, split.SplitAt));
        Assert.Equal((JobState.Cancelled, "Cancelled by a user."), (split.CancelByUser(Now).State, split.CancelByUser(Now).Error));
        Assert.True(JobIn(JobState.Running).CancelByUser(Now) is { State: JobState.Running, CancelRequested: true });

        var joining = split.Join("task-9", Now.AddMinutes(5));

        Assert.False(joining.AwaitsSegments);
        Assert.Equal((Now.AddMinutes(5), "task-9", 99.0), (joining.JoinStartedAt, joining.TaskId, joining.Progress));
        Assert.True(joining.CancelByUser(Now) is { State: JobState.Running, CancelRequested: true });
        Assert.Throws<InvalidOperationException>(() => joining.Join("task-10", Now));
        Assert.Null(joining.Requeue().JoinStartedAt);
        Assert.Equal(3, joining.Requeue().Segments);
    }

    [Fact]
    public void A_segment_moves_by_the_same_table_and_its_progress_counts_by_its_length()
    {
        var segment = new JobSegment { JobId = JobIds.New(), Index = 1, Count = 2, StartSeconds = 0, EndSeconds = 3 };
        var other = new JobSegment { JobId = segment.JobId, Index = 0, Count = 2, StartSeconds = 3, EndSeconds = 4 };

        var running = segment.Launch("t").Start("t", Now).Beat(50, Now);
        var refused = Assert.Throws<InvalidJobTransitionException>(() => running.Retry());
        var again = running.Requeue();

        Assert.StartsWith($"Job {segment.JobId} segment 1 is running", refused.Message, StringComparison.Ordinal);
        Assert.Equal((JobState.Queued, 2, null, 0.0), (again.State, again.Attempts, again.TaskId, again.Progress));
        Assert.Equal(37.1, JobSegment.WeightedProgress([running, other]));
        Assert.Equal(99, JobSegment.WeightedProgress([running.Succeed(1, "a", Now), other.Start(null, Now).Succeed(1, "b", Now)]));
    }
}
