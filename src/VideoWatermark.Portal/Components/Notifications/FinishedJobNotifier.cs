using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Notifications;

/// <summary>
/// Tells the signed-in user through the browser's notifications that a job of theirs finished while the tab was in
/// the background (<c>wwwroot/js/notify.js</c> knows whether it is, and the upload module asks for the permission).
/// Renders nothing; the layout holds one per tab.
/// </summary>
public sealed class FinishedJobNotifier : ComponentBase, IAsyncDisposable
{
    private FinishedJobWatch? watch;
    private Task<IJSObjectReference>? module;

    [Inject] private JobIndex Index { get; set; } = default!;

    [Inject] private IJSRuntime Js { get; set; } = default!;

    [Inject] private ILogger<FinishedJobNotifier> Logger { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    public async ValueTask DisposeAsync()
    {
        Index.Changed -= OnJobsChanged;
        if (module is not null)
        {
            try
            {
                await (await module).DisposeAsync();
            }
            catch (Exception e) when (e is JSDisconnectedException or TaskCanceledException or JSException)
            {
                // The tab is gone and the module with it, or the module never loaded: nothing is left to release.
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || PortalUser.NameOf(await PortalUser.OfAsync(AuthState)) is not { } name)
        {
            return;
        }

        // The jobs under way are noted before the script loads, so one that finishes meanwhile is not missed.
        watch = new FinishedJobWatch(name);
        watch.Look(Index.All());
        Index.Changed += OnJobsChanged;
        module = Js.InvokeAsync<IJSObjectReference>("import", "./js/notify.js").AsTask();
    }

    private void OnJobsChanged() => _ = InvokeAsync(async () =>
    {
        if (watch is null || module is null)
        {
            return;
        }

        foreach (var job in watch.Look(Index.All()))
        {
            var (title, body) = job.State == JobState.Succeeded
                ? ($"Watermarked: {job.FileName}", "Ready to preview and download.")
                : ($"Failed: {job.FileName}", job.Error ?? "The job failed.");
            try
            {
                await (await module).InvokeVoidAsync("show", title, body, $"jobs/{job.Id}", job.Id);
            }
            catch (Exception e) when (e is JSDisconnectedException or TaskCanceledException)
            {
                return;
            }
            catch (JSException e)
            {
                // A notification is a courtesy: its failure must not end the tab's circuit.
                Logger.LogWarning(e, "The browser could not show the notification for job {JobId}", job.Id);
            }
        }
    });
}
