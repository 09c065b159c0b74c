using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoWatermark.Aws;
using VideoWatermark.Aws.Ssm;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage;

namespace VideoWatermark.Dispatcher;

public static class DispatcherServiceCollectionExtensions
{
    /// <summary>The dispatcher's object graph: the S3 store, the job store, the ECS launcher and the dispatch core.</summary>
    public static IServiceCollection AddDispatcherServices(this IServiceCollection services, DispatcherSettings settings)
    {
        // Lambda sends stdout to CloudWatch Logs; one line per entry keeps each one a single log event.
        services.AddLogging(logging => logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
        }));

        // The S3 adapter honours AWS_REGION and AWS_ENDPOINT_URL(_S3) itself, as the SDK does.
        var storage = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VideoWatermark:Storage:Kind"] = "S3",
            ["VideoWatermark:Storage:Bucket"] = settings.Bucket,
        }).Build();
        services.AddObjectStore(storage);

        services.AddSingleton(TimeProvider.System);
        // Jobs this Lambda ends (a lost job given up) record their events as the workers' do; the schedule delivers them.
        services.AddSingleton(_ => EventsWithSecret(settings));
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<EventOutbox>();
        services.AddSingleton<EventDelivery>();
        services.AddSingleton<JobEvents>();
        // ...and a batch it ends (or whose end its schedule catches up on) has its shared work removed, as a worker's does.
        services.AddSingleton<SharedWorkCleanup>();
        services.AddSingleton(sp => new JobStore(sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<TimeProvider>(),
            new JobEndObservers([sp.GetRequiredService<JobEvents>(), sp.GetRequiredService<SharedWorkCleanup>()])));
        services.AddSingleton(settings.Dispatch);
        services.AddEcsLauncher(_ => settings.Ecs);
        services.AddSingleton<DispatchService>();
        return services;
    }

    /// <summary>
    /// The events' settings with their signing key read from SSM when only its parameter is named. A key that cannot
    /// be read fails the cold start, naming the parameter, as a missing variable does: events must never go out
    /// unsigned because a permission is missing.
    /// </summary>
    private static EventsOptions EventsWithSecret(DispatcherSettings settings)
    {
        if (settings.Events.WebhookSecret is not null || settings.WebhookSecretParameter is not { } name)
        {
            return settings.Events;
        }

        using var ssm = new SsmSecureStrings(EcsServiceCollectionExtensions.RunTaskTimeout);
        return settings.Events with { WebhookSecret = ssm.GetAsync(name).GetAwaiter().GetResult() };
    }
}
