namespace VideoWatermark.Aws.Ecs;

// The subset of the ECS RunTask request and response (API version 2014-11-13, JSON 1.1) this project uses. Property
// names serialize camelCase, exactly as the API reference spells them.

public sealed record EcsRunTaskRequest
{
    public required string Cluster { get; init; }

    public required string TaskDefinition { get; init; }

    public int Count { get; init; } = 1;

    /// <summary>FARGATE; omitted when <see cref="CapacityProviderStrategy"/> is set (the API rejects both).</summary>
    public string? LaunchType { get; init; }

    public IReadOnlyList<EcsCapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    public required EcsNetworkConfiguration NetworkConfiguration { get; init; }

    public required EcsTaskOverride Overrides { get; init; }

    /// <summary>Up to 36 letters, digits, '-', '/' and '_'.</summary>
    public string? StartedBy { get; init; }

    /// <summary>Idempotency token: up to 64 characters in the range 33-126.</summary>
    public string? ClientToken { get; init; }
}

public sealed record EcsCapacityProviderStrategyItem(string CapacityProvider, int Weight = 1, int Base = 0);

public sealed record EcsNetworkConfiguration(EcsAwsVpcConfiguration AwsvpcConfiguration);

public sealed record EcsAwsVpcConfiguration(IReadOnlyList<string> Subnets, IReadOnlyList<string> SecurityGroups, string AssignPublicIp);

public sealed record EcsTaskOverride(IReadOnlyList<EcsContainerOverride> ContainerOverrides);

public sealed record EcsContainerOverride(string Name, IReadOnlyList<EcsKeyValuePair> Environment);

public sealed record EcsKeyValuePair(string Name, string Value);

public sealed record EcsRunTaskResponse(IReadOnlyList<EcsTask>? Tasks, IReadOnlyList<EcsFailure>? Failures);

public sealed record EcsTask(string? TaskArn, string? LastStatus);

public sealed record EcsFailure(string? Arn, string? Reason, string? Detail);
