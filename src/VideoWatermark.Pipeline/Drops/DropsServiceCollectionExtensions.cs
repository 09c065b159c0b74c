using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VideoWatermark.Pipeline.Drops;

public static class DropsServiceCollectionExtensions
{
    /// <summary>
    /// The drop settings and <see cref="DropNotifications"/>, for the notification endpoint and the SQS consumer whatever
    /// the pipeline's kind; the SQS consumer when <c>DropQueueUrl</c> is set; with <paramref name="poll"/> (the local
    /// pipeline, where no Lambda announces drops) also the poller, which stays idle unless the store is S3.
    /// </summary>
    public static IServiceCollection AddDropDetection(this IServiceCollection services, IConfiguration configuration, bool poll)
    {
        services.AddOptions<DropOptions>().Bind(configuration.GetSection(PipelineOptions.Section))
            .Validate(o => o.IsValid, $"{PipelineOptions.Section}: PollSeconds must be 0 (off) or positive, PollFullPassMinutes positive and no shorter than PollSeconds, and DropQueueUrl an absolute URL.")
            .ValidateOnStart();
        services.TryAddSingleton<DropNotifications>();
        if (poll)
        {
            services.AddHostedService<DropPoller>();
        }

        if (configuration[$"{PipelineOptions.Section}:{nameof(DropOptions.DropQueueUrl)}"] is { Length: > 0 } queueUrl)
        {
            services.TryAddSingleton(sp => DropQueueClient.Create(
                queueUrl, configuration["VideoWatermark:Storage:Region"], sp.GetService<AWSCredentials>()));
            services.AddHostedService<DropQueueConsumer>();
        }

        return services;
    }
}
