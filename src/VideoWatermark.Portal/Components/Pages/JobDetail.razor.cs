using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

/// <summary>One job: its result or progress, what went wrong, and what its owner can do with it.</summary>
public partial class JobDetail : IDisposable
{
    [Inject] private JobIndex Index { get; set; } = default!;

    [Inject] private JobActions Actions { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private Job? job;
    private string? log;
    private bool loading = true;
    private bool deleting;
    private bool canRunAgain;
    private bool runAgainOpen;
    private string? shownId;
    private List<BreadcrumbItem> crumbs = [];

    [Parameter] public string Id { get; set; } = "";

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private System.Security.Claims.ClaimsPrincipal user = new();

    private string StatusLine => job!.State switch
    {
        JobState.Running => $"{job.Progress:0}% · {JobTiming.Format(JobTiming.Elapsed(job, Time.GetUtcNow()))} elapsed · about {JobTiming.Format(JobTiming.Remaining(job, Time.GetUtcNow()))} left",
        JobState.Queued => "Waiting for a worker.",
        _ => "Waiting for the video to finish uploading.",
    };

    /// <summary>
    /// The player's box takes the output's shape, as wide as the card allows and no taller than the CSS cap, so a
    /// portrait video is not letterboxed in a landscape box and the controls stay in view. Unknown for older records:
    /// the browser sizes the player from the video itself.
    /// </summary>
    private string? PlayerShape => job?.Output is { Width: > 0, Height: > 0 } o
        ? FormattableString.Invariant($"aspect-ratio: {o.Width} / {o.Height}; width: min(100%, calc(var(--player-max-height) * {o.Width} / {o.Height}));")
        : null;

    protected override async Task OnParametersSetAsync()
    {
        Index.Changed -= OnJobsChanged;
        Index.Changed += OnJobsChanged;
        log = null;
        user = await PortalUser.OfAsync(AuthState);
        job = Index.Find(Id) ?? await Actions.GetAsync(Id);
        loading = false;
        crumbs = job?.BatchId is { } batchId
            ? [new("Jobs", "jobs"), new("Batch", $"batches/{batchId}"), new(job.FileName, null, disabled: true)]
            : [new("Jobs", "jobs"), new(job?.FileName ?? Id, null, disabled: true)];
        // The page is set again without a new job too (the router's and the layout's renders around a navigation):
        // only another job closes an open "Run again".
        if (Id != shownId)
        {
            runAgainOpen = false;
            shownId = Id;
        }

        canRunAgain = job is not null && await Actions.CanRunAgainAsync(job);
        if (job is { State: JobState.Failed, LogKey: not null })
        {
            // A failed job's log is what says why: show it without a click.
            log = await Actions.ReadLogAsync(job);
        }
    }

    private void OnJobsChanged()
    {
        if (Index.Find(Id) is { } current && current != job)
        {
            _ = InvokeAsync(async () =>
            {
                var failedNow = current.State == JobState.Failed && job?.State != JobState.Failed;
                var finishedNow = current.State.IsFinal() && job?.State.IsFinal() != true;
                job = current;
                if (finishedNow)
                {
                    canRunAgain = await Actions.CanRunAgainAsync(current);
                }

                if (failedNow && current.LogKey is not null)
                {
                    log = await Actions.ReadLogAsync(current);
                }

                StateHasChanged();
            });
        }
    }

    private async Task LoadLogAsync() => log = job is null ? null : await Actions.ReadLogAsync(job) ?? "The log is gone.";

    private async Task RetryAsync()
    {
        try
        {
            job = await Actions.RetryAsync(Id, user);
            log = null;
            canRunAgain = false;
        }
        catch (RefusedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task DeleteAsync()
    {
        if (deleting || job is null)
        {
            return;
        }

        // The dialog is open while the button stays on the page: a second click must not ask twice.
        deleting = true;
        try
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                "Delete job?",
                $"Delete the job for {job.FileName}? Its watermarked output and logs are deleted; the original upload is kept.",
                yesText: "Delete", cancelText: "Keep it");
            if (confirmed != true)
            {
                return;
            }

            await Actions.DeleteAsync(Id, user);
            Snackbar.Add($"Deleted the job for {job.FileName}.", Severity.Success);
            Navigation.NavigateTo("jobs");
        }
        catch (RefusedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            deleting = false;
        }
    }

    private async Task CancelAsync()
    {
        try
        {
            job = await Actions.CancelAsync(Id, user);
        }
        catch (RefusedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    public void Dispose() => Index.Changed -= OnJobsChanged;
}
