namespace VideoWatermark.Core.Jobs;

/// <summary>The parts a job's time splits into, in the order they happen.</summary>
public enum JobPhase
{
    /// <summary>From the job's creation to a worker starting it.</summary>
    Waiting,

    /// <summary>The worker checks the job and fetches the video and the watermark (and, for a split job, cuts it).</summary>
    Downloading,

    /// <summary>ffmpeg draws the watermark; for a split job, its segments' workers do.</summary>
    Encoding,

    /// <summary>A split job's segments fetched, joined and checked against the source.</summary>
    Joining,

    /// <summary>The output hashed, uploaded and read back.</summary>
    Uploading,
}

/// <summary>How long one phase of a job took.</summary>
public sealed record JobPhaseSpan(JobPhase Phase, TimeSpan Duration);
