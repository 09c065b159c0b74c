using System.Collections;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Storage.S3;

namespace VideoWatermark.Storage;

public static class ObjectStoreServiceCollectionExtensions
{
    /// <summary>The agreed key of the embedded store's folder; relative paths are taken from the content root.</summary>
    public const string DataDirKey = "VideoWatermark:DataDir";

    public const string DefaultDataDir = ".data";

    /// <summary>
    /// Registers <see cref="IObjectStore"/>, chosen here and only here by <c>VideoWatermark:Storage:Kind</c>:
    /// <list type="bullet">
    /// <item><c>Disk</c> (default): a <see cref="DiskObjectStore"/> (also registered as itself) in
    /// <c>VideoWatermark:DataDir</c> (default <c>.data</c> under the content root), bucket <c>local</c>; every
    /// registered <see cref="IObjectCreatedListener"/> hears of each write. Serve its URLs with
    /// the portal's <c>MapEmbeddedStorage()</c>.</item>
    /// <item><c>S3</c>: an <see cref="S3ObjectStore"/> over the <see cref="IAmazonS3"/> that
    /// <see cref="S3ClientFactory"/> builds (or one registered before this call), with <see cref="AWSCredentials"/>
    /// from DI when registered, the SDK's default chain otherwise.</item>
    /// </list>
    /// </summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(StorageOptions.Section);
        services.AddOptions<StorageOptions>()
            .Bind(section)
            .Validate(o => Enum.IsDefined(o.Kind) && (o.Kind != StorageKind.S3 || !string.IsNullOrWhiteSpace(o.Bucket)), $"{StorageOptions.Section} is not usable: Kind must be Disk or S3, and S3 needs a Bucket.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        var options = Read(section);

        if (options.Kind == StorageKind.S3)
        {
            if (string.IsNullOrWhiteSpace(options.Bucket))
            {
                throw new InvalidOperationException($"{StorageOptions.Section}:Bucket must name the bucket when {StorageOptions.Section}:Kind is S3.");
            }

            services.TryAddSingleton(sp => S3ClientFactory.CreateClient(options, sp.GetService<AWSCredentials>()));
            services.TryAddSingleton(sp => new S3ObjectStore(
                sp.GetRequiredService<IAmazonS3>(),
                options.Bucket,
                S3ClientFactory.ResolveEndpoint(options),
                sp.GetService<ILogger<S3ObjectStore>>(),
                sp.GetService<TimeProvider>()));
            services.TryAddSingleton<IObjectStore>(sp => sp.GetRequiredService<S3ObjectStore>());
            return services;
        }

        services.TryAddSingleton(sp =>
        {
            var contentRoot = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
            var dataDir = configuration[DataDirKey] is { Length: > 0 } configured ? configured : DefaultDataDir;
            return new DiskObjectStore(
                new DiskStoreOptions
                {
                    Root = Path.GetFullPath(dataDir, contentRoot),
                    PublicBaseUrl = string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? null : new Uri(options.PublicBaseUrl, UriKind.Absolute),
                    SigningKey = options.SigningKey,
                },
                new ListenersOnDemand(sp),
                sp.GetService<TimeProvider>(),
                sp.GetService<ILogger<DiskObjectStore>>());
        });
        services.TryAddSingleton<IObjectStore>(sp => sp.GetRequiredService<DiskObjectStore>());
        return services;
    }

    private static StorageOptions Read(IConfigurationSection section)
    {
        var kind = section[nameof(StorageOptions.Kind)];
        if (!string.IsNullOrWhiteSpace(kind) && !Enum.TryParse<StorageKind>(kind, ignoreCase: true, out _))
        {
            throw new InvalidOperationException($"{StorageOptions.Section}:Kind must be Disk or S3, not '{kind}'.");
        }

        return section.Get<StorageOptions>() ?? new StorageOptions();
    }

    /// <summary>
    /// Listeners resolved at each write rather than when the store is built: a listener (the dispatcher) itself
    /// needs the store, and resolving it eagerly would be a dependency cycle.
    /// </summary>
    private sealed class ListenersOnDemand(IServiceProvider services) : IEnumerable<IObjectCreatedListener>
    {
        public IEnumerator<IObjectCreatedListener> GetEnumerator() => services.GetServices<IObjectCreatedListener>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
