namespace VideoWatermark.Pipeline;

/// <summary>Where jobs run: on this machine, or on AWS (S3 events, the dispatcher Lambda, Fargate tasks).</summary>
public enum PipelineKind
{
    Local,
    Aws,
}
