using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>The store, job store and executor as the worker builds them, over a temp data folder, with no pipeline around them.</summary>
public static class StoreServices
{
    public static ServiceProvider Build(TempFolder folder, Action<IServiceCollection>? configure = null, params (string Key, string Value)[] overrides)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestSettings.For(folder, overrides)).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddJobExecution(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public static IObjectStore Store(this IServiceProvider services) => services.GetRequiredService<IObjectStore>();

    public static JobStore Jobs(this IServiceProvider services) => services.GetRequiredService<JobStore>();

    /// <summary>Uploads a local file as <paramref name="key"/> and returns its size.</summary>
    public static async Task<long> UploadAsync(this IObjectStore store, string key, string localPath, string contentType = "video/mp4")
    {
        await store.UploadAsync(key, localPath, contentType);
        return (await store.HeadAsync(key))!.Size;
    }

    public static async Task<byte[]> ReadAllAsync(this IObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
