using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoWatermark.Aws.Ecs;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Aws;

public static class EcsServiceCollectionExtensions
{
    /// <summary>
    /// Per call: RunTask answers in well under a second, and 10 s keeps the client's five attempts and their backoff
    /// inside about 65 s, well within the dispatcher Lambda's timeout.
    /// </summary>
    public static readonly TimeSpan RunTaskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers the <see cref="ITaskLauncher"/> that starts one Fargate task per job, for the bucket of the registered
    /// <see cref="IObjectStore"/>, with a typed <see cref="HttpClient"/> for ECS. The one wiring of the ECS client:
    /// the dispatcher Lambda and the portal's Aws mode both call it.
    /// </summary>
    public static IServiceCollection AddEcsLauncher(this IServiceCollection services, Func<IServiceProvider, EcsLauncherOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(options);
        services.AddHttpClient<EcsRunTaskClient>(http => http.Timeout = RunTaskTimeout)
            // The launcher is a singleton and keeps its client, so the handler is never recycled by the factory;
            // the pooled connection lifetime picks up DNS changes of the ECS endpoint instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton<ITaskLauncher>(sp => new EcsTaskLauncher(
            sp.GetRequiredService<EcsRunTaskClient>(),
            sp.GetRequiredService<EcsLauncherOptions>(),
            sp.GetRequiredService<IObjectStore>()));
        return services;
    }
}
