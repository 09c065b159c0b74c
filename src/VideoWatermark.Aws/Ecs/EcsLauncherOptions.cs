using Amazon.Runtime;
using VideoWatermark.Core.Dispatch;

namespace VideoWatermark.Aws.Ecs;

/// <summary>
/// Where and how the worker task runs on Fargate. Read from the dispatcher's environment variables
/// (<see cref="DispatcherEnvironment"/>) by the Lambda and by the portal in Aws mode alike.
/// </summary>
public sealed class EcsLauncherOptions
{
    public const string Fargate = "FARGATE";
    public const string FargateSpot = "FARGATE_SPOT";

    /// <summary>Short name or ARN of the cluster.</summary>
    public string Cluster { get; set; } = "";

    /// <summary>family, family:revision or ARN of the worker's task definition.</summary>
    public string TaskDefinition { get; set; } = "";

    /// <summary>The container in the task definition that receives the job as environment overrides.</summary>
    public string ContainerName { get; set; } = "";

    public IList<string> Subnets { get; set; } = [];

    public IList<string> SecurityGroups { get; set; } = [];

    /// <summary>True for public subnets without a NAT gateway: the task needs a public IP to reach S3 and ECR.</summary>
    public bool AssignPublicIp { get; set; } = true;

    /// <summary><see cref="Fargate"/> (launchType FARGATE) or <see cref="FargateSpot"/> (a capacity provider strategy).</summary>
    public string CapacityProvider { get; set; } = Fargate;

    /// <summary>The signing region; AWS_REGION (then AWS_DEFAULT_REGION) when unset.</summary>
    public string? Region { get; set; }

    /// <summary>An explicit endpoint; wins over AWS_ENDPOINT_URL_ECS and AWS_ENDPOINT_URL.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Credentials to sign with; the SDK's default credential chain when unset.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>RunTask calls per launch, the first included, while ECS throttles or lacks capacity.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Every reason these options cannot start a task, one sentence each.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Cluster))
        {
            problems.Add("The ECS cluster is not set.");
        }

        if (string.IsNullOrWhiteSpace(TaskDefinition))
        {
            problems.Add("The worker task definition is not set.");
        }

        if (string.IsNullOrWhiteSpace(ContainerName))
        {
            problems.Add("The worker container name is not set.");
        }

        if (!Subnets.Any(s => !string.IsNullOrWhiteSpace(s)))
        {
            problems.Add("At least one subnet is required for awsvpc networking.");
        }

        if (CapacityProvider is not (Fargate or FargateSpot))
        {
            problems.Add($"Capacity provider '{CapacityProvider}' is not supported: use {Fargate} or {FargateSpot}.");
        }

        if (MaxAttempts < 1)
        {
            problems.Add("MaxAttempts must be at least 1.");
        }

        return problems;
    }

    /// <summary>
    /// These settings under the dispatcher's variable names, as <see cref="FromEnvironment"/> reads them: handed to every
    /// worker a launcher starts, so a worker that cuts a long video starts its segments' tasks exactly as this launcher
    /// would (the same task definition revision, which its own task definition cannot name).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToEnvironment()
    {
        var subnets = Subnets.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        var environment = new List<KeyValuePair<string, string>>
        {
            new(DispatcherEnvironment.Cluster, Cluster),
            new(DispatcherEnvironment.TaskDefinition, TaskDefinition),
            new(DispatcherEnvironment.ContainerName, ContainerName),
            new(DispatcherEnvironment.Subnet1, subnets[0]),
            new(DispatcherEnvironment.Subnet2, subnets.Count > 1 ? subnets[1] : subnets[0]),
            new(DispatcherEnvironment.AssignPublicIp, AssignPublicIp ? "ENABLED" : "DISABLED"),
            new(DispatcherEnvironment.CapacityProvider, CapacityProvider),
        };
        if (SecurityGroups.FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) is { } group)
        {
            environment.Add(new(DispatcherEnvironment.SecurityGroup, group));
        }

        return environment;
    }

    /// <summary>
    /// Reads the ECS part of the dispatcher's environment. Throws one <see cref="InvalidOperationException"/> naming
    /// every missing or malformed variable.
    /// </summary>
    public static EcsLauncherOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        string[] required = [DispatcherEnvironment.Cluster, DispatcherEnvironment.TaskDefinition, DispatcherEnvironment.ContainerName,
            DispatcherEnvironment.Subnet1, DispatcherEnvironment.Subnet2, DispatcherEnvironment.SecurityGroup];
        var missing = required.Where(name => Get(name) is null).ToList();
        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"Missing required environment variable{(missing.Count == 1 ? "" : "s")}: {string.Join(", ", missing)}.");
        }

        var assign = Get(DispatcherEnvironment.AssignPublicIp)?.ToUpperInvariant() ?? "ENABLED";
        if (assign is not ("ENABLED" or "DISABLED"))
        {
            problems.Add($"{DispatcherEnvironment.AssignPublicIp} must be ENABLED or DISABLED, not '{assign}'.");
        }

        var capacity = Get(DispatcherEnvironment.CapacityProvider)?.ToUpperInvariant() ?? Fargate;
        if (capacity is not (Fargate or FargateSpot))
        {
            problems.Add($"{DispatcherEnvironment.CapacityProvider} must be {Fargate} or {FargateSpot}, not '{capacity}'.");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        return new EcsLauncherOptions
        {
            Cluster = Get(DispatcherEnvironment.Cluster)!,
            TaskDefinition = Get(DispatcherEnvironment.TaskDefinition)!,
            ContainerName = Get(DispatcherEnvironment.ContainerName)!,
            Subnets = [.. new[] { Get(DispatcherEnvironment.Subnet1)!, Get(DispatcherEnvironment.Subnet2)! }.Distinct(StringComparer.Ordinal)],
            SecurityGroups = [Get(DispatcherEnvironment.SecurityGroup)!],
            AssignPublicIp = assign == "ENABLED",
            CapacityProvider = capacity,
        };
    }
}
