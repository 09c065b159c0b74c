using VideoWatermark.Core.Jobs;
using VideoWatermark.Pipeline.Local;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// What each worker does now, for the Workers page. On one machine: every worker of the local pool, idle or with the
/// job (or segment) it runs. On AWS, where the workers are Fargate tasks the portal does not hold: every running job
/// or segment of the job index, each with the task it runs on.
/// </summary>
public sealed class WorkerBoard(JobIndex index, JobStore jobs, TimeProvider time, IWorkerSlots? slots = null)
{
    /// <summary>True on one machine (the local pool), false on AWS.</summary>
    public bool IsLocalPool => slots is not null;

    /// <summary>Calls <paramref name="changed"/> when a job changes or a local worker takes or puts down work; dispose to stop.</summary>
    public IDisposable Subscribe(Action changed)
    {
        index.Changed += changed;
        if (slots is not null)
        {
            slots.Changed += changed;
        }

        return new Subscription(() =>
        {
            index.Changed -= changed;
            if (slots is not null)
            {
                slots.Changed -= changed;
            }
        });
    }

    public ThroughputFigures Figures() => ThroughputFigures.Of(index.All(), time.GetUtcNow());

    public async Task<IReadOnlyList<WorkerRow>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return slots is null ? await RunningTasksAsync(now, cancellationToken) : await PoolAsync(slots, now, cancellationToken);
    }

    private async Task<IReadOnlyList<WorkerRow>> PoolAsync(IWorkerSlots pool, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = new List<WorkerRow>();
        foreach (var slot in pool.Snapshot())
        {
            var name = $"Worker {slot.Number}";
            if (slot.Work is not { } work)
            {
                rows.Add(WorkerRow.Idle(name));
                continue;
            }

            var job = index.Find(work.JobId);
            var segment = work.Segment is { } i ? await jobs.GetSegmentAsync(work.JobId, i, cancellationToken) : null;
            DateTimeOffset? started = segment is { State: JobState.Running } ? segment.StartedAt
                : job is { State: JobState.Running } && segment is null ? job.StartedAt
                : null;
            rows.Add(new WorkerRow(
                name,
                work.JobId,
                job?.FileName,
                work.Segment,
                segment?.Count ?? job?.Segments,
                segment?.Progress ?? job?.Progress ?? 0,
                now - (started ?? slot.Since ?? now),
                TaskId: null));
        }

        return rows;
    }

    private async Task<IReadOnlyList<WorkerRow>> RunningTasksAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = new List<WorkerRow>();
        foreach (var job in index.All().Where(j => j.State == JobState.Running).OrderBy(j => j.StartedAt))
        {
            if (!job.AwaitsSegments)
            {
                rows.Add(new WorkerRow(TaskName(job.TaskId), job.Id, job.FileName, null, null, job.Progress, now - (job.JoinStartedAt ?? job.StartedAt ?? now), job.TaskId));
                continue;
            }

            foreach (var segment in (await jobs.GetSegmentsAsync(job.Id, cancellationToken)).Where(s => s.State == JobState.Running))
            {
                rows.Add(new WorkerRow(TaskName(segment.TaskId), job.Id, job.FileName, segment.Index, segment.Count, segment.Progress, now - (segment.StartedAt ?? now), segment.TaskId));
            }
        }

        return rows;
    }

    /// <summary>A task's short name: the id at the end of an ECS task ARN (<c>arn:aws:ecs:…:task/cluster/&lt;id&gt;</c>).</summary>
    public static string TaskName(string? taskId) =>
        string.IsNullOrEmpty(taskId) ? "Task (starting)" : $"Task {taskId[(taskId.LastIndexOf('/') + 1)..]}";

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? onDispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref onDispose, null)?.Invoke();
    }
}

/// <summary>One worker on the Workers page: idle, or running a job (or one segment of a split job).</summary>
/// <param name="Segment">The segment's index (from 0) when the worker runs one segment of a split job.</param>
/// <param name="Segments">How many segments the job has, when it is split.</param>
/// <param name="TaskId">On AWS, the ECS task that runs it.</param>
public sealed record WorkerRow(string Name, string? JobId, string? FileName, int? Segment, int? Segments, double Progress, TimeSpan? Elapsed, string? TaskId)
{
    public bool IsIdle => JobId is null;

    public static WorkerRow Idle(string name) => new(name, null, null, null, null, 0, null, null);
}
