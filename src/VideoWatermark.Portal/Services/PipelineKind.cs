namespace VideoWatermark.Portal.Services;

/// <summary>Which pipeline runs the jobs, read once from <c>VideoWatermark:Pipeline:Kind</c>.</summary>
public enum PipelineKind
{
    /// <summary>The in-process worker pool: every job change is seen in this process.</summary>
    Local,

    /// <summary>S3 events reach the Lambda and Fargate runs the workers: jobs change in other processes.</summary>
    Aws,
}

public static class PipelineKinds
{
    public static PipelineKind From(IConfiguration configuration) =>
        string.Equals(configuration["VideoWatermark:Pipeline:Kind"], "Aws", StringComparison.OrdinalIgnoreCase)
            ? PipelineKind.Aws
            : PipelineKind.Local;
}
