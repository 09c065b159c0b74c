using System.Security.Cryptography;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Deploy.Tests.Cfn;
using VideoWatermark.Dispatcher;
using VideoWatermark.Storage;
using VideoWatermark.Testing.Media;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// The container's job mode, as a Fargate task runs it: the image's entry point with no arguments, the task
/// definition's environment, the overrides the dispatcher's own code builds for the job, and task-role credentials
/// (here s3rver's key pair, with the S3 endpoint pointed at s3rver). A user sees the watermarked output in the bucket
/// and the job succeeded.
/// </summary>
public sealed partial class WorkerImageTests
{
    [Fact]
    public async Task In_job_mode_it_runs_the_job_the_dispatcher_hands_it_against_the_bucket()
    {
        MediaTool.RequireFfmpeg();
        await using var s3 = await S3rverServer.StartAsync(Stack.Bucket);
        await using var services = new ServiceCollection()
            .AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey))
            .AddObjectStore(new ConfigurationBuilder().AddInMemoryCollection(s3.StorageSettings).Build())
            .BuildServiceProvider();
        var store = services.GetRequiredService<IObjectStore>();
        var jobs = new JobStore(store, TimeProvider.System);
        var dir = TestMedia.NewTempDirectory("vw-image-job");

        var stack = Stack.Resolve("defaults");
        var lambdaEnv = stack.Properties("DispatcherFunction")["Environment"]!["Variables"]!.AsObject().ToDictionary(v => v.Key, v => stack.Render(v.Value));
        var settings = DispatcherSettings.FromEnvironment(name => lambdaEnv.GetValueOrDefault(name));
        var id = JobIds.New();
        var input = TestMedia.Clip(Path.Combine(dir, "clip.mp4"), new ClipOptions { Seconds = 1, Color = "0x202020" });
        var job = new Job
        {
            Id = id,
            State = JobState.Queued,
            InputKey = ObjectKeys.PortalUploadKey(id, "clip.mp4"),
            OutputKey = ObjectKeys.OutputKey(ObjectKeys.PortalUploadKey(id, "clip.mp4"), settings.Dispatch.OutputPrefix),
            FileName = "clip.mp4",
            Watermark = new WatermarkSpec { Image = settings.Dispatch.DefaultWatermarkKey },
            Attempts = 1,
            Owner = "deploy-test",
        };
        await store.UploadAsync(job.InputKey, input, "video/mp4");
        await using (var watermark = DefaultWatermark.OpenRead())
        {
            await store.PutAsync(settings.Dispatch.DefaultWatermarkKey, watermark, "image/png");
        }

        Assert.True(await jobs.TryCreateAsync(job));

        settings.Ecs.Region = ResolvedTemplate.Region;
        settings.Ecs.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "not-a-secret");
        using var http = new HttpClient();
        var request = new EcsTaskLauncher(new EcsRunTaskClient(http, settings.Ecs, NullLogger<EcsRunTaskClient>.Instance, _ => null), settings.Ecs, settings.Bucket)
            .CreateRequest(job);
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretAccessKey,
            ["AWS_ENDPOINT_URL_S3"] = s3.Endpoint.ToString(),
        };
        foreach (var variable in stack.Properties("WorkerTaskDefinition")["ContainerDefinitions"]![0]!["Environment"]!.AsArray())
        {
            environment[variable!["Name"]!.ToString()] = stack.Render(variable["Value"]);
        }

        foreach (var variable in request.Overrides.ContainerOverrides.Single().Environment)
        {
            environment[variable.Name] = variable.Value;
        }

        var result = await image.RunAsync(environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var done = await jobs.GetAsync(id);
        Assert.Equal(JobState.Succeeded, done!.State);
        var output = Path.Combine(dir, "watermark-clip.mp4");
        await store.DownloadAsync(job.OutputKey, output);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(output))), done.OutputSha256);
        var before = Frames.At(input, 0.5);
        var after = Frames.At(output, 0.5);
        var placed = Placement.Place(before.Width, before.Height, DefaultWatermark.Width, DefaultWatermark.Height, DefaultWatermark.Visible, job.Watermark).Geometry;
        var region = new Region(placed.X, placed.Y, placed.Width, placed.Height);
        var inside = Frames.ChangedFraction(before, after, region);
        var outside = Frames.ChangedFractionOutside(before, after, region);
        Assert.True(inside > 0.01 && outside < inside / 10, $"changed pixels: {inside:P1} where the watermark goes, {outside:P1} elsewhere");
        Assert.NotNull(await store.HeadAsync(job.InputKey));
        Directory.Delete(dir, recursive: true);
    }
}
