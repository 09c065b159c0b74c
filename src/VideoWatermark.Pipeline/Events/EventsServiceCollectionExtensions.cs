using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using VideoWatermark.Core.Events;

namespace VideoWatermark.Pipeline.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// Events out (<c>VideoWatermark:Events:*</c>): <see cref="JobEvents"/>, which the job store tells of the jobs this
    /// process ends (<see cref="PipelineServiceCollectionExtensions.AddJobExecution"/>), records their events in the
    /// outbox, and <see cref="EventDelivery"/> sends them. The loop that keeps sending is
    /// <see cref="AddEventDeliveryLoop"/>, added where a process runs for long (the portal).
    /// </summary>
    public static IServiceCollection AddWebhookEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(EventsOptions.From(name => configuration[name]));
        services.TryAddSingleton<WebhookTargets>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<EventOutbox>();
        services.TryAddSingleton<EventDelivery>();
        services.TryAddSingleton<JobEvents>();
        return services;
    }

    public static IServiceCollection AddEventDeliveryLoop(this IServiceCollection services)
    {
        services.AddHostedService<EventDeliveryLoop>();
        return services;
    }
}
