using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace VideoWatermark.Pipeline.Drops;

public static class DropsServiceCollectionExtensions
{
    /// <summary>
    /// The drop settings, for the notification endpoint and the SQS consumer whatever the pipeline's kind; with
    /// <paramref name="poll"/> (the local pipeline, where no Lambda announces drops) also the poller, which stays idle
    /// unless the store is S3.
    /// </summary>
    public static IServiceCollection AddDropDetection(this IServiceCollection services, IConfiguration configuration, bool poll)
    {
        services.AddOptions<DropOptions>().Bind(configuration.GetSection(PipelineOptions.Section))
            .Validate(o => o.IsValid, $"{PipelineOptions.Section}: PollSeconds must be 0 (off) or positive, and PollFullPassMinutes positive and no shorter than PollSeconds.")
            .ValidateOnStart();
        if (poll)
        {
            services.AddHostedService<DropPoller>();
        }

        return services;
    }
}
