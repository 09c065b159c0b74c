namespace VideoWatermark.Pipeline;

/// <summary>Where jobs run, read from <c>VideoWatermark:Pipeline:Kind</c>.</summary>
public enum PipelineKind
{
    /// <summary>The in-process worker pool: every job change is seen in this process.</summary>
    Local,

    /// <summary>S3 events reach the dispatcher Lambda and Fargate runs the workers: jobs change in other processes.</summary>
    Aws,
}
