using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Templates;
using VideoWatermark.Pipeline;
using VideoWatermark.Portal.Api;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Components;
using VideoWatermark.Portal.Drops;
using VideoWatermark.Portal.Hosting;
using VideoWatermark.Portal.Security;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Services.Batches;
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

        // Run from a build rather than a publish, MapStaticAssets would re-read each file on every request and send it
        // uncompressed, as for live editing; a browser should get the build's precompressed copies. Setting the key
        // in configuration turns live reloading back on.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";

        // How much unread request body a connection may hold when the disk is slower than the network. The socket
        // transport reads ahead by its own limit (default 1 MiB, in pinned buffers), not by Kestrel's
        // MaxRequestBufferSize, which only sizes the pipes of connection middleware such as TLS; with the 200 part
        // uploads 50 browsers send at once, the transport's default let the pinned heap grow by tens of MiB
        // (bench/upload-load.sh, bench/README.md). 64 KiB on both still keeps a loopback or LAN upload streaming.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBufferSize = 64 * 1024);
        builder.WebHost.UseSockets(sockets => sockets.MaxReadBufferSize = 64 * 1024);

        var services = builder.Services;
        services.AddPortalApplication(builder.Configuration);
        services.AddPortalAuth(builder.Configuration);
        services.AddProxyHeaders(builder.Configuration);
        services.AddPortalDataProtection(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddHealthChecks();
        // A connected browser holds its circuit's WebSocket open until the host gives up on it: with the default
        // 30 s, stopping the portal waited that long whenever a page was open. Workers stop on the same token and a
        // job cut short runs again on the next start (JobRecovery), so nothing needs the full half minute.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
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
        services.TryAddSingleton<TemplateStore>();
        services.AddSingleton<TemplateLibrary>();
        services.AddSingleton<TemplatePreview>();
        services.AddSingleton<JobPosters>();
        services.AddHostedService<StoredDefaultWatermark>();
        // The Workers page: the local pool's workers (IWorkerSlots, registered in Local mode only) or, on AWS, the running tasks.
        services.AddSingleton<WorkerBoard>();
        services.AddSingleton<AbandonedUploadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AbandonedUploadSweeper>());
        services.AddScoped<UploadService>();
        services.AddScoped<Components.Uploads.UploadSession>();
        services.AddScoped<JobActions>();
        services.AddScoped<JobArchive>();
        services.TryAddSingleton<BatchStore>();
        services.AddScoped<BatchService>();
        // Bottom-left: the default top-right corner lies over the app bar's user menu and the pages' own top-right buttons.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft);
        return services;
    }

    private static bool IsPageRequest(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method)
        && !http.Request.Path.StartsWithSegments("/api")
        && !http.Request.Path.StartsWithSegments("/_framework")
        && !http.Request.Path.StartsWithSegments("/_content")
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);

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

        // A browser asking for an unknown page gets the portal's own "not found" page with links on; the API, the
        // store's signed URLs and the static files keep their plain status codes for their clients.
        app.UseWhen(IsPageRequest, page => page.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        // Routing after the error and status code pages, so their re-executed requests are routed to those pages
        // (the implicit routing WebApplication adds runs before everything and would keep the original, missing endpoint).
        app.UseRouting();

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
        api.MapBatchEndpoints();
        api.MapWatermarkEndpoints();
        api.MapTemplateEndpoints();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
