using VideoWatermark.Aws.Ecs;

namespace VideoWatermark.Dispatcher.Tests;

public sealed class DispatcherSettingsTests
{
    private static Dictionary<string, string?> Original() => new()
    {
        ["CLUSTER"] = "video-cluster",
        ["TASK_DEFINITION"] = "watermark-worker",
        ["CONTAINER_NAME"] = "worker",
        ["ECS_SUBNET_1"] = "subnet-aaa",
        ["ECS_SUBNET_2"] = "subnet-bbb",
        ["ECS_SECURITY_GROUP"] = "sg-123",
        ["WATERMARK_PATH"] = "s3://my-videos/watermarks/watermark.png",
    };

    [Fact]
    public void The_original_seven_variables_are_enough()
    {
        var settings = DispatcherSettings.FromEnvironment(Original());

        Assert.Equal("my-videos", settings.Bucket);
        Assert.Equal("watermarks/watermark.png", settings.Dispatch.DefaultWatermarkKey);
        Assert.Equal("", settings.Dispatch.OutputPrefix);
        Assert.Equal(3, settings.Dispatch.MaxAttempts);
        Assert.Equal("video-cluster", settings.Ecs.Cluster);
        Assert.Equal("watermark-worker", settings.Ecs.TaskDefinition);
        Assert.Equal("worker", settings.Ecs.ContainerName);
        Assert.Equal(["subnet-aaa", "subnet-bbb"], settings.Ecs.Subnets);
        Assert.Equal(["sg-123"], settings.Ecs.SecurityGroups);
        Assert.True(settings.Ecs.AssignPublicIp);
        Assert.Equal(EcsLauncherOptions.Fargate, settings.Ecs.CapacityProvider);
    }

    [Fact]
    public void Optional_variables_override_the_defaults()
    {
        var environment = Original();
        environment["OUTPUT_PREFIX"] = "processed";
        environment["ASSIGN_PUBLIC_IP"] = "DISABLED";
        environment["CAPACITY_PROVIDER"] = "fargate_spot";
        environment["MAX_ATTEMPTS"] = "5";
        environment["LEASE_MINUTES"] = "2.5";

        var settings = DispatcherSettings.FromEnvironment(environment);

        Assert.Equal("processed/", settings.Dispatch.OutputPrefix);
        Assert.False(settings.Ecs.AssignPublicIp);
        Assert.Equal(EcsLauncherOptions.FargateSpot, settings.Ecs.CapacityProvider);
        Assert.Equal(5, settings.Dispatch.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(2.5), settings.Dispatch.Lease);
    }

    [Fact]
    public void Missing_variables_are_named_in_one_error()
    {
        var environment = Original();
        environment.Remove("CLUSTER");
        environment["ECS_SECURITY_GROUP"] = " ";
        environment.Remove("WATERMARK_PATH");

        var error = Assert.Throws<InvalidOperationException>(() => DispatcherSettings.FromEnvironment(environment));

        Assert.Contains("Missing required environment variables: CLUSTER, ECS_SECURITY_GROUP, WATERMARK_PATH.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WATERMARK_PATH", "watermarks/watermark.png", "not an s3://bucket/key path")]
    [InlineData("OUTPUT_PREFIX", "unprocessed-videos/out", "must not be inside")]
    [InlineData("MAX_ATTEMPTS", "0", "MAX_ATTEMPTS '0'")]
    [InlineData("LEASE_MINUTES", "soon", "LEASE_MINUTES 'soon'")]
    [InlineData("ASSIGN_PUBLIC_IP", "YES", "ASSIGN_PUBLIC_IP must be ENABLED or DISABLED")]
    [InlineData("CAPACITY_PROVIDER", "EC2", "CAPACITY_PROVIDER must be FARGATE or FARGATE_SPOT")]
    public void Malformed_values_are_explained(string name, string value, string expected)
    {
        var environment = Original();
        environment[name] = value;

        var error = Assert.Throws<InvalidOperationException>(() => DispatcherSettings.FromEnvironment(environment));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
