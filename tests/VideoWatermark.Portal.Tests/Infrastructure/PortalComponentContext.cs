using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Services;
using Anchor = VideoWatermark.Core.Watermarks.Anchor;

namespace VideoWatermark.Portal.Tests.Infrastructure;

/// <summary>
/// A bUnit context with the services registered exactly as the app registers them (AddPortalServices, MudBlazor
/// included) over an embedded store in a temp folder. Hosted services do not run here, so the seeding and the job
/// index's first load are done by <see cref="StartAsync"/>.
/// </summary>
public class PortalComponentContext : BunitContext, IAsyncLifetime
{
    /// <summary>Real I/O (the embedded store) runs between renders; on a busy machine it takes more than bUnit's default second.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private static readonly string[] PlannedVoidCalls =
    [
        "mudPopover.initialize", "mudPopover.connect", "mudPopover.disconnect", "mudPopover.dispose",
        "mudKeyInterceptor.connect", "mudKeyInterceptor.disconnect",
        "mudElementRef.addOnBlurEvent", "mudElementRef.removeOnBlurEvent", "mudElementRef.saveFocus", "mudElementRef.restoreFocus",
        "mudElementRef.focusFirst", "mudElementRef.focusLast", "mudScrollManager.lockScroll", "mudScrollManager.unlockScroll",
        "mudPointerEventsNone.listenForPointerEvents", "mudPointerEventsNone.cancelListener",
        "Blazor._internal.InputFile.init", "Blazor._internal.Virtualize.init", "Blazor._internal.Virtualize.dispose",
    ];

    private static readonly string[] UploadModuleFunctions = ["init", "attach", "detach", "showFrame", "seekFrame", "start", "cancel", "remove", "dispose"];

    private readonly TempFolder data = new();
    private bool disposedAsync;

    public PortalComponentContext()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VideoWatermark:DataDir"] = data.Path,
            ["VideoWatermark:Pipeline:Kind"] = "Local",
        }).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddLogging();
        Services.AddPortalApplication(configuration);
        // Strict: a JS call nobody planned for fails the test instead of silently doing nothing. The planned ones are
        // what MudBlazor's popovers, tooltips, text fields and dialogs, Blazor's InputFile and Virtualize, and the upload
        // page's and the template editor's own modules call; none of them returns anything the pages read.
        JSInterop.Mode = JSRuntimeMode.Strict;
        JSInterop.Setup<int>("mudpopoverHelper.countProviders", _ => true).SetResult(1);
        foreach (var identifier in PlannedVoidCalls)
        {
            JSInterop.SetupVoid(identifier, _ => true).SetVoidResult();
        }

        UploadModule = JSInterop.SetupModule("./js/upload.js");
        foreach (var function in UploadModuleFunctions)
        {
            UploadModule.SetupVoid(function, _ => true).SetVoidResult();
        }

        LayerDragModule = JSInterop.SetupModule("./js/layer-drag.js");
        LayerDragModule.SetupVoid("attach", _ => true).SetVoidResult();
        LayerDragModule.SetupVoid("detach", _ => true).SetVoidResult();

        // The pages run for the local admin, as on loopback with no login; Auth/ tests the other users.
        Authorization = this.AddAuthorization();
        Authorization.SetAuthorized("admin").SetRoles("admin");
    }

    /// <summary>The upload page's <c>js/upload.js</c>; a test reads what the page asked of it from its invocations.</summary>
    public BunitJSModuleInterop UploadModule { get; }

    /// <summary>The template editor's <c>js/layer-drag.js</c>, which reports a let-go box to the boxes' <c>[JSInvokable]</c> methods.</summary>
    public BunitJSModuleInterop LayerDragModule { get; }

    /// <summary>The clock the pages and services read; a test that checks a shown duration freezes its wall time.</summary>
    public FreezableClock Clock { get; } = new();

    /// <summary>Who the pages run for; a test switches users here.</summary>
    public Bunit.TestDoubles.BunitAuthorizationContext Authorization { get; }

    public JobStore Jobs => Services.GetRequiredService<JobStore>();

    public IObjectStore Store => Services.GetRequiredService<IObjectStore>();

    public JobIndex Index => Services.GetRequiredService<JobIndex>();

    public WatermarkLibrary Library => Services.GetRequiredService<WatermarkLibrary>();

    /// <summary>The tab's uploads, which the browser module reports to.</summary>
    public Portal.Components.Uploads.UploadSession Session => Services.GetRequiredService<Portal.Components.Uploads.UploadSession>();

    /// <summary>Seeds the default watermark and feeds the index the way the hosted services do.</summary>
    public async Task StartAsync()
    {
        await Library.SeedAsync();
        Jobs.Changed += Index.Upsert;
        var all = new List<Job>();
        await foreach (var job in Jobs.ListAsync())
        {
            all.Add(job);
        }

        Index.Load(all);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
    }

    /// <summary>Writes a real job record through the JobStore, as the pipeline would.</summary>
    public async Task<Job> AddJobAsync(string fileName, JobState state, DateTimeOffset? created = null, Func<Job, Job>? change = null)
    {
        var id = JobIds.New();
        var input = Core.ObjectKeys.PortalUploadKey(id, fileName);
        var job = new Job
        {
            Id = id,
            State = state,
            InputKey = input,
            OutputKey = Core.ObjectKeys.OutputKey(input),
            FileName = fileName,
            Watermark = new WatermarkSpec { Position = Anchor.BottomRight },
            InputSize = 1_234_567,
            CreatedAt = created ?? DateTimeOffset.UtcNow,

            // Past Pending, a job's video has landed, which counts its first attempt.
            Attempts = state == JobState.Pending ? 0 : 1,
        };
        job = change?.Invoke(job) ?? job;
        Assert.True(await Jobs.TryCreateAsync(job));
        return job;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// MudBlazor's services are only asynchronously disposable, and xunit 2 disposes test classes synchronously:
    /// the container is disposed here, through IAsyncLifetime, which xunit calls first.
    /// </summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        disposedAsync = true;
        data.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposedAsync)
        {
            base.Dispose(disposing);
        }
    }
}
