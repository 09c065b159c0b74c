using System.Text.Json.Nodes;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Worker;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// The environment the templates set is the environment the code reads: the Lambda's is exactly
/// DispatcherEnvironment's, the worker container's job arrives as RunTask overrides (WorkerEnvironment), so its
/// task definition pins only the region.
/// </summary>
public sealed class EnvironmentContractTests
{
    private static JsonObject LambdaEnvironment(ResolvedTemplate stack) =>
        stack.Properties("DispatcherFunction")["Environment"]!["Variables"]!.AsObject();

    private static JsonObject Container(ResolvedTemplate stack, string taskDefinition) =>
        Assert.Single(stack.Properties(taskDefinition)["ContainerDefinitions"]!.AsArray())!.AsObject();

    private static Dictionary<string, string> ContainerEnvironment(ResolvedTemplate stack, string taskDefinition) =>
        Container(stack, taskDefinition)["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.ToString(), e => stack.Render(e!["Value"]));

    [Theory]
    [MemberData(nameof(Stack.ConfigurationNames), MemberType = typeof(Stack))]
    public void The_Lambda_gets_exactly_the_variables_the_dispatcher_reads(string configuration)
    {
        var names = LambdaEnvironment(Stack.Resolve(configuration)).Select(v => v.Key).Order(StringComparer.Ordinal);

        Assert.Equal(DispatcherEnvironment.Required.Concat(DispatcherEnvironment.Optional).Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void The_Lambda_variables_point_at_the_stack_resources()
    {
        var stack = Stack.Resolve("defaults");
        var env = LambdaEnvironment(stack).ToDictionary(v => v.Key, v => stack.Render(v.Value));

        Assert.Equal("Ref(Cluster)", env[DispatcherEnvironment.Cluster]);
        Assert.Equal("Ref(WorkerTaskDefinition)", env[DispatcherEnvironment.TaskDefinition]);
        Assert.Equal(Container(stack, "WorkerTaskDefinition")["Name"]!.ToString(), env[DispatcherEnvironment.ContainerName]);
        Assert.Equal("Ref(PublicSubnet1)", env[DispatcherEnvironment.Subnet1]);
        Assert.Equal("Ref(PublicSubnet2)", env[DispatcherEnvironment.Subnet2]);
        Assert.Equal("Ref(WorkerSecurityGroup)", env[DispatcherEnvironment.SecurityGroup]);
        Assert.Equal(new S3Path(Stack.Bucket, ObjectKeys.DefaultWatermarkKey), S3Path.Parse(env[DispatcherEnvironment.WatermarkPath]));
        Assert.Equal("", env[DispatcherEnvironment.OutputPrefix]);
        Assert.Equal("ENABLED", env[DispatcherEnvironment.AssignPublicIp]);
        Assert.Equal("FARGATE", env[DispatcherEnvironment.CapacityProvider]);
        Assert.Equal(new DispatchOptions().MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), env[DispatcherEnvironment.MaxAttempts]);
        Assert.Equal(new DispatchOptions().Lease.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture), env[DispatcherEnvironment.LeaseMinutes]);
    }

    [Fact]
    public void Existing_network_spot_and_an_output_prefix_reach_the_Lambda()
    {
        var existing = Stack.Resolve("existing network");
        var env = LambdaEnvironment(existing).ToDictionary(v => v.Key, v => existing.Render(v.Value));
        Assert.Equal(["subnet-01", "subnet-02", "sg-0123", "DISABLED"],
            [env[DispatcherEnvironment.Subnet1], env[DispatcherEnvironment.Subnet2], env[DispatcherEnvironment.SecurityGroup], env[DispatcherEnvironment.AssignPublicIp]]);

        var spot = Stack.Resolve("portal over https, spot, big disk, output prefix");
        var spotEnv = LambdaEnvironment(spot).ToDictionary(v => v.Key, v => spot.Render(v.Value));
        Assert.Equal("FARGATE_SPOT", spotEnv[DispatcherEnvironment.CapacityProvider]);
        Assert.Contains("FARGATE_SPOT", spot.RenderList(spot.Properties("Cluster")["CapacityProviders"]));
        Assert.Equal("processed/", spotEnv[DispatcherEnvironment.OutputPrefix]);
        Assert.Equal("processed/", ObjectKeys.NormalizeOutputPrefix(spotEnv[DispatcherEnvironment.OutputPrefix]));
    }

    [Theory]
    [MemberData(nameof(Stack.ConfigurationNames), MemberType = typeof(Stack))]
    public void The_worker_task_definition_pins_only_the_region_the_events_and_the_lease_its_job_comes_from_the_dispatcher(string configuration)
    {
        var stack = Stack.Resolve(configuration);

        var env = ContainerEnvironment(stack, "WorkerTaskDefinition");

        Assert.Equal(["AWS_REGION", .. EventsSettingsTests.Shared, LeaseVariable], env.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ResolvedTemplate.Region, env["AWS_REGION"]);
        Assert.DoesNotContain(WorkerEnvironment.All, env.ContainsKey);
        // A batch copy judges a shared piece's holder gone by the lease the dispatcher gives it.
        Assert.Equal(LambdaEnvironment(stack).ToDictionary(v => v.Key, v => stack.Render(v.Value))[DispatcherEnvironment.LeaseMinutes], env[LeaseVariable]);
    }

    private const string LeaseVariable = "VideoWatermark__Pipeline__LeaseMinutes";

    [Fact]
    public void The_worker_task_has_one_vCPU_and_2_GB_by_default_and_a_disk_parameter()
    {
        var defaults = Stack.Resolve("defaults");
        var task = defaults.Properties("WorkerTaskDefinition");
        Assert.Equal("1024", defaults.Render(task["Cpu"]));
        Assert.Equal("2048", defaults.Render(task["Memory"]));
        Assert.Contains("0.25 vCPU", Stack.Template.Parameters["WorkerCpu"]!["Description"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("X86_64", defaults.Render(task["RuntimePlatform"]!["CpuArchitecture"]));
        Assert.Null(task["EphemeralStorage"]);
        Assert.Equal(["FARGATE"], defaults.RenderList(task["RequiresCompatibilities"]));
        Assert.Equal("awsvpc", task["NetworkMode"]!.ToString());

        var big = Stack.Resolve("portal over https, spot, big disk, output prefix");
        Assert.Equal("50", big.Render(big.Properties("WorkerTaskDefinition")["EphemeralStorage"]!["SizeInGiB"]));

        var logs = Container(defaults, "WorkerTaskDefinition")["LogConfiguration"]!;
        Assert.Equal("awslogs", logs["LogDriver"]!.ToString());
        Assert.Equal("Ref(WorkerLogGroup)", defaults.Render(logs["Options"]!["awslogs-group"]));
        Assert.NotNull(defaults.Properties("WorkerLogGroup")["RetentionInDays"]);
    }

    [Fact]
    public void The_portal_is_configured_for_S3_and_Aws_mode_and_can_retry_through_ECS()
    {
        var stack = Stack.Resolve("portal over http");
        var env = ContainerEnvironment(stack, "PortalTaskDefinition");
        var lambda = LambdaEnvironment(stack).ToDictionary(v => v.Key, v => stack.Render(v.Value));

        Assert.Equal("S3", env["VideoWatermark__Storage__Kind"]);
        Assert.Equal(Stack.Bucket, env["VideoWatermark__Storage__Bucket"]);
        Assert.Equal("Aws", env["VideoWatermark__Pipeline__Kind"]);
        // The portal gets the signing key itself from ECS (EventsSettingsTests), not the name of its parameter.
        foreach (var name in DispatcherEnvironment.Required.Concat(DispatcherEnvironment.Optional).Except([DispatcherEnvironment.WebhookSecretParameter]))
        {
            Assert.True(env.TryGetValue(name, out var value), $"the portal lacks {name}");
            Assert.Equal(lambda[name], value);
        }
    }

    [Theory]
    [InlineData("portal over http", "VideoWatermark__Portal__Auth__AdminPasswordHash")]
    [InlineData("portal with OpenID Connect on an existing network, arm64, alarms", "VideoWatermark__Portal__Auth__Oidc__ClientSecret")]
    public void The_portal_always_requires_a_sign_in_and_gets_its_secret_from_SSM(string configuration, string secret)
    {
        var stack = Stack.Resolve(configuration);
        var env = ContainerEnvironment(stack, "PortalTaskDefinition");
        var secrets = Container(stack, "PortalTaskDefinition")["Secrets"]!.AsArray();

        Assert.Equal("required", env["VideoWatermark__Portal__Auth__Mode"]);
        Assert.Equal("true", env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        Assert.Equal(
            configuration.Contains("existing network", StringComparison.Ordinal) ? "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16" : "10.42.0.0/16",
            env["VideoWatermark__Portal__TrustedProxies"]);
        var only = Assert.Single(secrets)!;
        Assert.Equal(secret, only["Name"]!.ToString());
        Assert.StartsWith($"arn:aws:ssm:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:parameter/", stack.Render(only["ValueFrom"]), StringComparison.Ordinal);
        Assert.DoesNotContain(env.Keys, k => k == secret);
        if (secret.Contains("Oidc", StringComparison.Ordinal))
        {
            Assert.Equal("https://login.example.org", env["VideoWatermark__Portal__Auth__Oidc__Authority"]);
            Assert.Equal("videos", env["VideoWatermark__Portal__Auth__Oidc__ClientId"]);
            Assert.Equal("ann@example.org", env["VideoWatermark__Portal__Auth__Oidc__AdminUsers"]);
            Assert.False(env.ContainsKey("VideoWatermark__Portal__Auth__Oidc__AdminClaim"));
        }
    }

    [Fact]
    public void The_portal_sits_behind_sticky_sessions_with_an_idle_timeout_for_websockets()
    {
        var stack = Stack.Resolve("portal over http");
        var attributes = stack.Properties("PortalTargetGroup")["TargetGroupAttributes"]!.AsArray()
            .ToDictionary(a => a!["Key"]!.ToString(), a => a!["Value"]!.ToString());
        var balancer = stack.Properties("PortalLoadBalancer")["LoadBalancerAttributes"]!.AsArray()
            .ToDictionary(a => a!["Key"]!.ToString(), a => a!["Value"]!.ToString());

        Assert.Equal("true", attributes["stickiness.enabled"]);
        Assert.Equal("lb_cookie", attributes["stickiness.type"]);
        Assert.InRange(int.Parse(balancer["idle_timeout.timeout_seconds"], System.Globalization.CultureInfo.InvariantCulture), 60, 4000);
        var port = Container(stack, "PortalTaskDefinition")["PortMappings"]![0]!["ContainerPort"]!.ToString();
        Assert.Equal(port, stack.Render(stack.Properties("PortalTargetGroup")["Port"]));
        Assert.Equal("ip", stack.Properties("PortalTargetGroup")["TargetType"]!.ToString());
        Assert.Equal("HTTP", stack.Render(stack.Properties("PortalListener")["Protocol"]));

        var https = Stack.Resolve("portal over https, spot, big disk, output prefix");
        Assert.Equal("HTTPS", https.Render(https.Properties("PortalListener")["Protocol"]));
        Assert.True(https.Has("PortalRedirectToHttps"));
    }

    [Fact]
    public void Security_groups_let_nothing_in_except_the_load_balancer_to_the_portal()
    {
        var stack = Stack.Resolve("portal over http");

        var worker = stack.Properties("WorkerSecurityGroup");
        Assert.Null(worker["SecurityGroupIngress"]);
        var egress = Assert.Single(worker["SecurityGroupEgress"]!.AsArray())!;
        Assert.Equal(["tcp", "443", "443"], [stack.Render(egress["IpProtocol"]), stack.Render(egress["FromPort"]), stack.Render(egress["ToPort"])]);

        Assert.Null(stack.Properties("PortalSecurityGroup")["SecurityGroupIngress"]);
        var ingress = Assert.Single(stack.Template.OfType("AWS::EC2::SecurityGroupIngress")).Resource["Properties"]!;
        Assert.Equal("Ref(PortalLoadBalancerSecurityGroup)", stack.Render(ingress["SourceSecurityGroupId"]));
        Assert.Equal("Ref(PortalSecurityGroup)", stack.Render(ingress["GroupId"]));
    }

    [Fact]
    public void A_new_network_spans_two_availability_zones_with_a_route_to_the_internet()
    {
        var stack = Stack.Resolve("defaults");

        Assert.NotEqual(stack.Render(stack.Properties("PublicSubnet1")["AvailabilityZone"]!["Fn::Select"]![0]),
            stack.Render(stack.Properties("PublicSubnet2")["AvailabilityZone"]!["Fn::Select"]![0]));
        var route = stack.Properties("PublicDefaultRoute");
        Assert.Equal("0.0.0.0/0", stack.Render(route["DestinationCidrBlock"]));
        Assert.Equal("Ref(InternetGateway)", stack.Render(route["GatewayId"]));
        Assert.Contains("InternetGatewayAttachment", DependencyGraph.Edges(stack.Template)["PublicDefaultRoute"]);
        Assert.Equal(2, stack.Template.OfType("AWS::EC2::SubnetRouteTableAssociation").Count());
    }
}
