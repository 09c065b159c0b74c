namespace VideoWatermark.Core.Worker;

/// <summary>
/// The environment variables a worker container runs a job from. The first four are the original design's; the
/// dispatcher sets all of them as RunTask container overrides, and the CloudFormation templates are checked against
/// this list.
/// </summary>
public static class WorkerEnvironment
{
    /// <summary><c>s3://bucket/unprocessed-videos/…</c></summary>
    public const string InputVideoPath = "INPUT_VIDEO_PATH";

    /// <summary>The output's key in the bucket.</summary>
    public const string OutputVideoName = "OUTPUT_VIDEO_NAME";

    public const string OutputBucket = "OUTPUT_S3_BUCKET_NAME";

    /// <summary><c>s3://bucket/watermarks/…</c></summary>
    public const string WatermarkPath = "WATERMARK_PATH";

    public const string JobId = "JOB_ID";

    public const string WatermarkPosition = "WATERMARK_POSITION";

    public const string WatermarkMargin = "WATERMARK_MARGIN";

    public const string WatermarkScale = "WATERMARK_SCALE";

    public const string WatermarkOpacity = "WATERMARK_OPACITY";

    /// <summary>
    /// Set only when the task runs one segment of a split job (0 for the first): the worker encodes that segment
    /// alone. Not in <see cref="All"/>, which every run sets.
    /// </summary>
    public const string SegmentIndex = "SEGMENT_INDEX";

    public static IReadOnlyList<string> All { get; } =
        [InputVideoPath, OutputVideoName, OutputBucket, WatermarkPath, JobId, WatermarkPosition, WatermarkMargin, WatermarkScale, WatermarkOpacity];

    /// <summary>
    /// The ECS settings, under the dispatcher's names (<see cref="Dispatch.DispatcherEnvironment"/>), that every launcher
    /// hands the workers it starts beside the job: a worker that cuts a long video starts its segments' tasks with them.
    /// Not in <see cref="All"/>: a worker started by hand runs without them, and the dispatcher's sweep starts its segments.
    /// </summary>
    public static IReadOnlyList<string> LaunchSettings { get; } =
    [
        Dispatch.DispatcherEnvironment.Cluster, Dispatch.DispatcherEnvironment.TaskDefinition, Dispatch.DispatcherEnvironment.ContainerName,
        Dispatch.DispatcherEnvironment.Subnet1, Dispatch.DispatcherEnvironment.Subnet2, Dispatch.DispatcherEnvironment.SecurityGroup,
        Dispatch.DispatcherEnvironment.AssignPublicIp, Dispatch.DispatcherEnvironment.CapacityProvider,
    ];
}
