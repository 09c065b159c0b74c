using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Core.Worker;
using VideoWatermark.Deploy.Tests.Cfn;
using VideoWatermark.Dispatcher;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// The dispatcher's own code reads the Lambda environment the stack sets, and the RunTask request it then builds
/// is one the stack allows and the worker can act on: the container it names exists, its environment overrides
/// are exactly WorkerEnvironment's, and every object they name is one the worker's role may read or write.
/// </summary>
public sealed class LaunchContractTests
{
    private static string S3Object(string key) => $"arn:aws:s3:::{Stack.Bucket}/{key}";

    private static (DispatcherSettings Settings, EcsRunTaskRequest Request, Job Job) Launch(ResolvedTemplate stack)
    {
        var env = stack.Properties("DispatcherFunction")["Environment"]!["Variables"]!.AsObject().ToDictionary(v => v.Key, v => stack.Render(v.Value));
        var settings = DispatcherSettings.FromEnvironment(name => env.GetValueOrDefault(name));
        settings.Ecs.Region = ResolvedTemplate.Region;
        settings.Ecs.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "not-a-secret");
        using var http = new HttpClient();
        var launcher = new EcsTaskLauncher(new EcsRunTaskClient(http, settings.Ecs, NullLogger<EcsRunTaskClient>.Instance, _ => null), settings.Ecs, settings.Bucket);
        var id = JobIds.ForObject(settings.Bucket, "portal-upload", "1");
        var input = ObjectKeys.PortalUploadKey(id, "Holiday.MOV");
        var job = new Job
        {
            Id = id,
            State = JobState.Queued,
            InputKey = input,
            OutputKey = ObjectKeys.OutputKey(input, settings.Dispatch.OutputPrefix),
            Watermark = new WatermarkSpec { Image = ObjectKeys.WatermarkKey("logo.png"), Position = Anchor.BottomRight, Margin = 0.03, Scale = 0.2, Opacity = 0.8 },
            Attempts = 1,
        };
        return (settings, launcher.CreateRequest(job), job);
    }

    [Theory]
    [MemberData(nameof(Stack.ConfigurationNames), MemberType = typeof(Stack))]
    public void The_dispatcher_starts_the_stack_worker_with_the_job_in_its_environment(string configuration)
    {
        var stack = Stack.Resolve(configuration);
        var (settings, request, job) = Launch(stack);
        var container = stack.Properties("WorkerTaskDefinition")["ContainerDefinitions"]![0]!;

        Assert.Equal(Stack.Bucket, settings.Bucket);
        Assert.Equal(ObjectKeys.DefaultWatermarkKey, settings.Dispatch.DefaultWatermarkKey);
        Assert.Equal("Ref(Cluster)", request.Cluster);
        Assert.Equal("Ref(WorkerTaskDefinition)", request.TaskDefinition);
        var cluster = new Dictionary<string, string> { ["ecs:cluster"] = "GetAtt(Cluster.Arn)" };
        Assert.True(IamPolicy.OfRole(stack, "DispatcherRole").Allows("ecs:RunTask", request.TaskDefinition, cluster));

        var overrides = Assert.Single(request.Overrides.ContainerOverrides);
        Assert.Equal(container["Name"]!.ToString(), overrides.Name);
        Assert.Equal(WorkerEnvironment.All.Concat(WorkerEnvironment.LaunchSettings).Order(StringComparer.Ordinal), overrides.Environment.Select(e => e.Name).Order(StringComparer.Ordinal));

        var vars = overrides.Environment.ToDictionary(e => e.Name, e => e.Value);
        var worker = IamPolicy.OfRole(stack, "WorkerTaskRole");
        var input = S3Path.Parse(vars[WorkerEnvironment.InputVideoPath]);
        var watermark = S3Path.Parse(vars[WorkerEnvironment.WatermarkPath]);
        Assert.Equal([Stack.Bucket, Stack.Bucket, Stack.Bucket], [input.Bucket, watermark.Bucket, vars[WorkerEnvironment.OutputBucket]]);
        Assert.True(worker.Allows("s3:GetObject", S3Object(input.Key)), input.Key);
        Assert.True(worker.Allows("s3:GetObject", S3Object(watermark.Key)), watermark.Key);
        Assert.True(worker.Allows("s3:PutObject", S3Object(vars[WorkerEnvironment.OutputVideoName])), vars[WorkerEnvironment.OutputVideoName]);
        Assert.True(worker.Allows("s3:PutObject", S3Object(ObjectKeys.JobKey(vars[WorkerEnvironment.JobId]))));
        Assert.Equal(job.Id, vars[WorkerEnvironment.JobId]);

        // The worker gets the dispatcher's own launch settings, so it starts the segments it cuts on the very task
        // definition revision the dispatcher started it with, which its role may run.
        var lambda = stack.Properties("DispatcherFunction")["Environment"]!["Variables"]!.AsObject().ToDictionary(v => v.Key, v => stack.Render(v.Value));
        Assert.All(WorkerEnvironment.LaunchSettings, name => Assert.Equal(lambda[name], vars[name]));
        Assert.True(worker.Allows("ecs:RunTask", vars[DispatcherEnvironment.TaskDefinition], cluster));
    }

    [Theory]
    [MemberData(nameof(Stack.ConfigurationNames), MemberType = typeof(Stack))]
    public void The_task_lands_in_the_stack_network_on_the_chosen_capacity(string configuration)
    {
        var stack = Stack.Resolve(configuration);
        var (_, request, _) = Launch(stack);
        var env = stack.Properties("DispatcherFunction")["Environment"]!["Variables"]!;
        var network = request.NetworkConfiguration.AwsvpcConfiguration;

        Assert.Equal([stack.Render(env["ECS_SUBNET_1"]), stack.Render(env["ECS_SUBNET_2"])], network.Subnets);
        Assert.Equal([stack.Render(env["ECS_SECURITY_GROUP"])], network.SecurityGroups);
        Assert.Equal(stack.Parameters["AssignPublicIp"], network.AssignPublicIp);
        var providers = stack.RenderList(stack.Properties("Cluster")["CapacityProviders"]);
        if (stack.Parameters["UseFargateSpot"] == "true")
        {
            Assert.Contains(Assert.Single(request.CapacityProviderStrategy!).CapacityProvider, providers);
            Assert.Null(request.LaunchType);
        }
        else
        {
            Assert.Equal("FARGATE", request.LaunchType);
        }
    }

    [Fact]
    public void The_portal_can_retry_the_same_run()
    {
        var stack = Stack.Resolve("portal over http");
        var (_, request, _) = Launch(stack);

        Assert.True(IamPolicy.OfRole(stack, "PortalTaskRole").Allows("ecs:RunTask", request.TaskDefinition, new Dictionary<string, string> { ["ecs:cluster"] = "GetAtt(Cluster.Arn)" }));
    }
}
