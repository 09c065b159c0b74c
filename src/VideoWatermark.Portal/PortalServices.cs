using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;
using VideoWatermark.Pipeline;
using VideoWatermark.Portal.Api;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Components;
using VideoWatermark.Portal.Drops;
using VideoWatermark.Portal.Hosting;
using VideoWatermark.Portal.Security;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Storage;

namespace VideoWatermark.Portal;

/// <summary>Everything the portal runs, registered and mapped in one place.</summary>
public static class PortalServices
{
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        // The run script starts the built (not published) app in Production; the framework's and MudBlazor's files are
        // then served from the build's static web assets manifest, which only Development reads by default.
        builder.WebHost.UseStaticWebAssets();

        // Kestrel holds up to this much unread request body per connection when the disk is slower than the network:
        // its default (1 MiB) times the 200 part uploads 50 browsers send at once is 200 MiB of possible buffering
        // (bench/upload-load.sh measures the difference; bench/README.md). 64 KiB, the store's own copy buffer, keeps
        // uploads streaming.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBufferSize = 64 * 1024);

        var services = builder.Services;
        services.AddPortalApplication(builder.Configuration);
        services.AddPortalAuth(builder.Configuration);
        services.AddProxyHeaders(builder.Configuration);
        services.AddPortalDataProtection(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddHealthChecks();
        services.AddProblemDetails();
        services.AddPortalSecurity(builder.Configuration);
        return builder;
    }

    /// <summary>What the pages and the API use, without the web host: the component tests register exactly this.</summary>
    public static IServiceCollection AddPortalApplication(this IServiceCollection services, IConfiguration configuration)
    {
        // The store (embedded or S3), JobStore, DispatchService, the engine and the launcher chosen by
        // VideoWatermark:Pipeline:Kind; in Local mode also the worker pool, the hot folder and the lease monitor.
        services.AddVideoWatermarkPipeline(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobIndex>();
        services.AddHostedService<JobIndexFeeder>();
        services.AddSingleton<WatermarkLibrary>();
        services.AddHostedService<StoredDefaultWatermark>();
        services.AddSingleton<AbandonedUploadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AbandonedUploadSweeper>());
        services.AddScoped<UploadService>();
        services.AddScoped<Components.Uploads.UploadSession>();
        services.AddScoped<JobActions>();
        services.AddMudServices();
        return services;
    }

    /// <summary>States and anchors travel as their kebab-case names ("succeeded", "bottom-right"), as in job records.</summary>
    public static void ConfigureJson(JsonSerializerOptions options) =>
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseProxyHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UsePortalAuth();
        app.UseAntiforgery();
        // After authentication, so the API's rate limit counts per signed-in user.
        app.UseApiProtection();
        app.MapStaticAssets().AllowAnonymous();
        app.MapEmbeddedStorage();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapAuthEndpoints();
        app.MapS3EventNotifications();

        var api = app.MapGroup("/api").AddEndpointFilter<ApiRefusals>()
            .RequireRateLimiting(ApiRateLimit.Policy).WithMetadata(new BodyLimit(BodyLimit.Json));
        api.MapVideoEndpoints();
        api.MapJobEndpoints();
        api.MapWatermarkEndpoints();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
