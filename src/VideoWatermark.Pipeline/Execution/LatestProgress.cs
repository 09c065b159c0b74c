using System.Collections.Concurrent;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// What a run has to report, kept until the job is next written: the latest percentage the engine reported and the
/// times the run reached each phase. The heartbeat writes them on its own schedule and the result carries them, so
/// ffmpeg's many progress lines and the phase changes never turn into writes of their own.
/// </summary>
internal sealed class LatestProgress : IProgress<double>
{
    private readonly ConcurrentDictionary<JobPhase, DateTimeOffset> phases = new();
    private double value;

    public double Value => Volatile.Read(ref value);

    public void Report(double value) => Volatile.Write(ref this.value, Math.Clamp(value, 0, 100));

    /// <summary>The run reached <paramref name="phase"/> now; only the first time counts.</summary>
    public void Reach(JobPhase phase, DateTimeOffset at) => phases.TryAdd(phase, at);

    /// <summary>The phases reached so far, recorded on the running attempt's record about to be written.</summary>
    public Job RecordPhases(Job job) => phases.Aggregate(job, (j, p) => j.Reach(p.Key, p.Value));
}
