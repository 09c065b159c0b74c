using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Pipeline.Execution;
using VideoWatermark.Storage.S3;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// The executor as the worker's job mode builds it (AddJobExecution) over a real s3rver, with every transfer going
/// through a <see cref="HookedStore"/> and retry timings short enough for a test.
/// </summary>
public static class S3JobServices
{
    public static ServiceProvider Build(S3rverServer s3, ExecutorOptions executor, LogLines logs)
    {
        var settings = new Dictionary<string, string?>(s3.StorageSettings) { ["VideoWatermark:Engine:Preset"] = "ultrafast" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(logs));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey));
        services.AddSingleton(executor);
        services.AddSingleton(sp => new HookedStore(sp.GetRequiredService<S3ObjectStore>()));
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<HookedStore>());
        services.AddJobExecution(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Retries every 0.2 s at first, 2 s at most: an outage of a few seconds fits, a long one does not.</summary>
    public static ExecutorOptions FastRetries(string workRoot, int attempts = 10) => new()
    {
        WorkRoot = workRoot,
        HeartbeatInterval = TimeSpan.FromSeconds(0.3),
        StoreAttempts = attempts,
        StoreRetryDelay = TimeSpan.FromSeconds(0.2),
        StoreRetryMaxDelay = TimeSpan.FromSeconds(2),
        FinishWriteTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Puts the clip and the default watermark in the bucket and a queued job for them in <c>jobs/</c>.</summary>
    public static async Task<Job> QueueAsync(IServiceProvider services, string clip, string name)
    {
        var store = services.GetRequiredService<IObjectStore>();
        var jobs = services.GetRequiredService<JobStore>();
        var id = JobIds.New();
        var input = Core.ObjectKeys.PortalUploadKey(id, name);
        await store.UploadAsync(input, clip, "video/mp4");
        await using (var image = DefaultWatermark.OpenRead())
        {
            await store.PutAsync(Core.ObjectKeys.DefaultWatermarkKey, image, "image/png");
        }

        var job = new Job
        {
            Id = id,
            State = JobState.Queued,
            InputKey = input,
            OutputKey = Core.ObjectKeys.OutputKey(input),
            FileName = name,
            Attempts = 1,
        };
        Assert.True(await jobs.TryCreateAsync(job));
        return job;
    }
}
