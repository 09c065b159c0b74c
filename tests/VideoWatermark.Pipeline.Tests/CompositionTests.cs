using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>The one place that chooses where jobs run, and what it says when the configuration cannot work.</summary>
public sealed class CompositionTests
{
    private static readonly Dictionary<string, string?> AwsSettings = new()
    {
        ["VideoWatermark:Pipeline:Kind"] = "Aws",
        ["VideoWatermark:Storage:Kind"] = "S3",
        ["VideoWatermark:Storage:Bucket"] = "videos",
        ["VideoWatermark:Storage:ServiceUrl"] = "http://127.0.0.1:9",
        ["VideoWatermark:Storage:Region"] = "eu-west-1",
        [DispatcherEnvironment.Cluster] = "videowatermark",
        [DispatcherEnvironment.TaskDefinition] = "videowatermark-worker:3",
        [DispatcherEnvironment.ContainerName] = "worker",
        [DispatcherEnvironment.Subnet1] = "subnet-0a",
        [DispatcherEnvironment.Subnet2] = "subnet-0b",
        [DispatcherEnvironment.SecurityGroup] = "sg-01",
        [DispatcherEnvironment.WatermarkPath] = "s3://videos/watermarks/watermark.png",
    };

    [Fact]
    public void Aws_mode_launches_through_ecs_and_runs_no_local_workers()
    {
        using var services = Build(AwsSettings);

        Assert.IsType<EcsTaskLauncher>(services.GetRequiredService<ITaskLauncher>());
        var ecs = services.GetRequiredService<EcsLauncherOptions>();
        Assert.Equal("videowatermark", ecs.Cluster);
        Assert.Equal(["subnet-0a", "subnet-0b"], ecs.Subnets);
        Assert.Equal("eu-west-1", ecs.Region);
        // The library's default watermark is seeded in both modes, and the events outbox is delivered from the portal
        // in both (the workers and the Lambda record events); nothing else runs in the background on AWS.
        Assert.Equal([typeof(WatermarkSeeder), typeof(Events.EventDeliveryLoop)], services.GetServices<IHostedService>().Select(s => s.GetType()));
        Assert.Empty(services.GetServices<IObjectCreatedListener>());
        Assert.NotNull(services.GetRequiredService<DispatchService>());
    }

    [Fact]
    public void Aws_mode_without_ecs_settings_names_what_is_missing()
    {
        var settings = new Dictionary<string, string?>(AwsSettings);
        settings.Remove(DispatcherEnvironment.Cluster);
        settings.Remove(DispatcherEnvironment.ContainerName);
        using var services = Build(settings);

        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<ITaskLauncher>());
        Assert.Contains(DispatcherEnvironment.Cluster, error.Message, StringComparison.Ordinal);
        Assert.Contains(DispatcherEnvironment.ContainerName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_prefix_inside_the_trigger_folder_is_refused_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new Dictionary<string, string?>
        {
            ["VideoWatermark:Pipeline:OutputPrefix"] = "unprocessed-videos/done/",
        }));

        Assert.Contains("VideoWatermark:Pipeline", error.Message, StringComparison.Ordinal);
        Assert.Contains("must not be inside unprocessed-videos/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_mode_over_the_local_disk_store_is_refused_at_start()
    {
        var settings = new Dictionary<string, string?>(AwsSettings) { ["VideoWatermark:Storage:Kind"] = "Disk" };

        var error = Assert.Throws<InvalidOperationException>(() => Build(settings));

        Assert.Contains("VideoWatermark:Storage:Kind S3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Portals_on_one_machine_with_different_data_folders_get_different_work_roots()
    {
        // A starting local pool deletes its work root's leftovers: a shared root would delete another portal's inputs.
        using var first = Build(new() { ["VideoWatermark:DataDir"] = Path.Combine(Path.GetTempPath(), "vw-a") });
        using var second = Build(new() { ["VideoWatermark:DataDir"] = Path.Combine(Path.GetTempPath(), "vw-b") });
        using var again = Build(new() { ["VideoWatermark:DataDir"] = Path.Combine(Path.GetTempPath(), "vw-a") });

        var a = first.GetRequiredService<Execution.ExecutorOptions>().WorkRoot;
        var b = second.GetRequiredService<Execution.ExecutorOptions>().WorkRoot;

        Assert.NotEqual(a, b);
        Assert.Equal(a, again.GetRequiredService<Execution.ExecutorOptions>().WorkRoot);
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "videowatermark-work"), a, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials("test", "test"));
        services.AddVideoWatermarkPipeline(configuration);
        return services.BuildServiceProvider();
    }
}
