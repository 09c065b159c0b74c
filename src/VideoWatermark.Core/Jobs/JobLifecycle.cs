namespace VideoWatermark.Core.Jobs;

/// <summary>
/// The one table of legal job transitions: for each, the states it may start from and the state it leads to. The
/// job's transition methods (<see cref="Job.Land"/> and its siblings) check it before changing anything, so a record
/// can never be moved where the pipeline does not expect it (a succeeded job never runs again). New kinds of jobs (a
/// parent whose state follows its segments or recipients) add their rows here rather than their own state edits.
/// </summary>
public static class JobLifecycle
{
    private static readonly Dictionary<JobTransition, Rule> Rules = new()
    {
        [JobTransition.Land] = new([JobState.Pending], JobState.Queued),
        [JobTransition.Launch] = new([JobState.Queued], JobState.Queued),
        [JobTransition.Start] = new([JobState.Queued], JobState.Running),
        [JobTransition.Beat] = new([JobState.Running], JobState.Running),
        [JobTransition.RequestCancel] = new([JobState.Running], JobState.Running),
        [JobTransition.Succeed] = new([JobState.Running], JobState.Succeeded),
        [JobTransition.Fail] = new([JobState.Queued, JobState.Running], JobState.Failed),
        [JobTransition.Cancel] = new([JobState.Pending, JobState.Queued, JobState.Running], JobState.Cancelled),
        [JobTransition.Requeue] = new([JobState.Queued, JobState.Running], JobState.Queued),
        [JobTransition.Retry] = new([JobState.Failed, JobState.Cancelled], JobState.Queued),
        [JobTransition.Reannounce] = new([JobState.Cancelled], JobState.Pending),
        [JobTransition.Split] = new([JobState.Running], JobState.Running),
        [JobTransition.Join] = new([JobState.Running], JobState.Running),
    };

    public static bool Allows(JobState from, JobTransition transition) => RuleFor(transition).From.Contains(from);

    /// <summary>The state <paramref name="transition"/> leads to.</summary>
    public static JobState Target(JobTransition transition) => RuleFor(transition).To;

    /// <summary>The states <paramref name="transition"/> may start from.</summary>
    public static IReadOnlyList<JobState> Sources(JobTransition transition) => RuleFor(transition).From;

    /// <summary>Checks the table, then applies <paramref name="change"/> and moves the job to the transition's target.</summary>
    internal static Job Apply(Job job, JobTransition transition, Func<Job, Job> change)
    {
        var to = Check(job.Id, job.State, transition);
        return change(job) with { State = to };
    }

    /// <summary>A segment moves by the same table as a job: the same states, the same transitions.</summary>
    internal static JobSegment Apply(JobSegment segment, JobTransition transition, Func<JobSegment, JobSegment> change)
    {
        var to = Check($"{segment.JobId} segment {segment.Index}", segment.State, transition);
        return change(segment) with { State = to };
    }

    private static JobState Check(string id, JobState state, JobTransition transition)
    {
        var rule = RuleFor(transition);
        if (!rule.From.Contains(state))
        {
            throw new InvalidJobTransitionException(id, state, transition, rule.From);
        }

        return rule.To;
    }

    private static Rule RuleFor(JobTransition transition) =>
        Rules.TryGetValue(transition, out var rule) ? rule : throw new ArgumentOutOfRangeException(nameof(transition), transition, "Not a job transition.");

    private sealed record Rule(JobState[] From, JobState To);
}

/// <summary>A transition was asked of a job in a state it does not start from: a bug, or a record changed by hand.</summary>
public sealed class InvalidJobTransitionException(string jobId, JobState state, JobTransition transition, IReadOnlyList<JobState> allowed)
    : InvalidOperationException(
        $"Job {jobId} is {JobStates.Name(state)}; {transition} applies only to {string.Join(" or ", allowed.Select(JobStates.Name))} jobs.")
{
    public JobState State { get; } = state;

    public JobTransition Transition { get; } = transition;
}
