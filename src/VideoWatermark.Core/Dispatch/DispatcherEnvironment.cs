namespace VideoWatermark.Core.Dispatch;

/// <summary>
/// The environment variables the dispatcher Lambda reads: the original design's seven, then optional ones with
/// defaults. The CloudFormation templates are checked against this list.
/// </summary>
public static class DispatcherEnvironment
{
    public const string Cluster = "CLUSTER";
    public const string TaskDefinition = "TASK_DEFINITION";
    public const string ContainerName = "CONTAINER_NAME";
    public const string Subnet1 = "ECS_SUBNET_1";
    public const string Subnet2 = "ECS_SUBNET_2";
    public const string SecurityGroup = "ECS_SECURITY_GROUP";

    /// <summary>The default watermark, <c>s3://bucket/watermarks/…</c>; its bucket is the pipeline's bucket.</summary>
    public const string WatermarkPath = "WATERMARK_PATH";

    /// <summary>Optional: where outputs go (default: the bucket root, as in the original).</summary>
    public const string OutputPrefix = "OUTPUT_PREFIX";

    /// <summary>Optional: ENABLED (default, for public subnets without NAT) or DISABLED.</summary>
    public const string AssignPublicIp = "ASSIGN_PUBLIC_IP";

    /// <summary>Optional: FARGATE (default) or FARGATE_SPOT.</summary>
    public const string CapacityProvider = "CAPACITY_PROVIDER";

    /// <summary>Optional: runs per job before a lost job fails (default 3).</summary>
    public const string MaxAttempts = "MAX_ATTEMPTS";

    /// <summary>Optional: minutes without a heartbeat before a running job counts as lost (default 3).</summary>
    public const string LeaseMinutes = "LEASE_MINUTES";

    /// <summary>Optional: events out, read as the portal and the workers read them (<c>Events.EventsOptions</c>).</summary>
    public const string WebhookUrls = "VideoWatermark__Events__WebhookUrls";

    public const string AllowPrivateTargets = "VideoWatermark__Events__AllowPrivateTargets";

    /// <summary>Optional: the portal's address, for the events' download links.</summary>
    public const string PublicUrl = "VideoWatermark__Events__PublicUrl";

    /// <summary>
    /// Optional: the name of the SSM SecureString holding the events' signing key, read at the cold start (the
    /// containers get the key itself, as <c>VideoWatermark__Events__WebhookSecret</c>, from ECS).
    /// </summary>
    public const string WebhookSecretParameter = "VideoWatermark__Events__WebhookSecretParameter";

    public static IReadOnlyList<string> Required { get; } = [Cluster, TaskDefinition, ContainerName, Subnet1, Subnet2, SecurityGroup, WatermarkPath];

    public static IReadOnlyList<string> Optional { get; } = [OutputPrefix, AssignPublicIp, CapacityProvider, MaxAttempts, LeaseMinutes, WebhookUrls, AllowPrivateTargets, PublicUrl, WebhookSecretParameter];
}
