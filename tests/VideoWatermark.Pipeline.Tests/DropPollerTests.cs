using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using VideoWatermark.Core;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Pipeline.Drops;
using VideoWatermark.Pipeline.Tests.Support;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Pipeline.Tests;

/// <summary>
/// The drop poller over a real s3rver, one pass at a time: which keys each pass finds, in a small folder (listed whole
/// every pass) and in one of more than a thousand keys (new keys after the last one seen, the whole folder now and then).
/// </summary>
public sealed class DropPollerTests : IAsyncLifetime
{
    private readonly RecordingLauncher launcher = new();
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private S3rverServer s3 = null!;
    private ServiceProvider services = null!;

    private IObjectStore Store => services.Store();

    public async Task InitializeAsync()
    {
        s3 = await S3rverServer.StartAsync();
        var settings = new Dictionary<string, string?>(s3.StorageSettings) { ["VideoWatermark:Pipeline:PollFullPassMinutes"] = "5" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddSingleton<AWSCredentials>(new BasicAWSCredentials(S3rverServer.AccessKeyId, S3rverServer.SecretAccessKey));
        collection.AddSingleton<TimeProvider>(time);
        collection.AddJobExecution(configuration);
        collection.AddDropDetection(configuration, poll: false);
        collection.AddSingleton(new DispatchOptions());
        collection.AddSingleton<ITaskLauncher>(launcher);
        collection.AddSingleton<DispatchService>();
        services = collection.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await s3.DisposeAsync();
    }

    [Fact]
    public async Task A_small_folder_is_listed_whole_so_a_key_sorting_before_the_others_is_found_at_the_next_pass()
    {
        var poller = NewPoller();
        await PutAsync("unprocessed-videos/b.mp4");
        await poller.PollOnceAsync();
        Assert.Equal(["unprocessed-videos/b.mp4"], Launched());

        // As a multipart upload begun before b.mp4 and completed after it would appear.
        await PutAsync("unprocessed-videos/a.mp4");
        await poller.PollOnceAsync();
        Assert.Equal(["unprocessed-videos/a.mp4", "unprocessed-videos/b.mp4"], Launched());

        // Restarted: what was handled is read back from the bucket, and nothing runs twice.
        Assert.NotNull(await Store.HeadAsync(DropPollState.Key));
        await NewPoller().PollOnceAsync();
        Assert.Equal(2, launcher.Launched.Count);
    }

    [Fact]
    public async Task A_large_folder_is_read_after_the_last_key_seen_and_whole_every_full_pass()
    {
        // Not videos: the poller lists them but dispatches nothing for them.
        var fillers = Enumerable.Range(0, DropPoller.WholeListingBelow).Select(i => $"unprocessed-videos/k{i:D4}.txt").ToList();
        await Parallel.ForEachAsync(fillers, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (key, _) => await PutAsync(key));
        await PutAsync("unprocessed-videos/b.mp4");

        var poller = NewPoller();
        await poller.PollOnceAsync();
        Assert.Equal(["unprocessed-videos/b.mp4"], Launched());

        await PutAsync("unprocessed-videos/a.mp4");
        await PutAsync("unprocessed-videos/z.mp4");
        await poller.PollOnceAsync();
        Assert.Equal(["unprocessed-videos/b.mp4", "unprocessed-videos/z.mp4"], Launched());

        time.Advance(TimeSpan.FromMinutes(5));
        await poller.PollOnceAsync();
        Assert.Equal(["unprocessed-videos/a.mp4", "unprocessed-videos/b.mp4", "unprocessed-videos/z.mp4"], Launched());
    }

    private DropPoller NewPoller() => ActivatorUtilities.CreateInstance<DropPoller>(services);

    private string[] Launched() => [.. launcher.Launched.Select(j => j.InputKey).Order(StringComparer.Ordinal)];

    private async Task PutAsync(string key)
    {
        using var body = new MemoryStream(new byte[64]);
        await Store.PutAsync(key, body, key.EndsWith(".mp4", StringComparison.Ordinal) ? "video/mp4" : "text/plain");
    }
}
