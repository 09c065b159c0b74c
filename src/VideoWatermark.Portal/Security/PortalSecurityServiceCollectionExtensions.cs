namespace VideoWatermark.Portal.Security;

/// <summary>The portal's request hardening, registered and placed in the pipeline from here.</summary>
public static class PortalSecurityServiceCollectionExtensions
{
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StorageOrigin>();
        return services.AddApiRateLimit(configuration);
    }

    /// <summary>First in the pipeline, so every response carries the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.UseMiddleware<SecurityHeaders>();

    /// <summary>
    /// After routing and authentication (the limiter partitions by user): the rate limiter the API's endpoints ask
    /// for with <see cref="ApiRateLimit.Policy"/>, then the API's cross-site and body-size refusals.
    /// </summary>
    public static IApplicationBuilder UseApiProtection(this IApplicationBuilder app) =>
        app.UseRateLimiter().UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api
            .UseMiddleware<CrossSiteRequestGuard>()
            .UseMiddleware<BodyLimitGuard>());
}
