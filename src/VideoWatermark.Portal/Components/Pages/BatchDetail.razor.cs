using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Components.Pages;

/// <summary>
/// One upload's copies, one row per recipient, following their jobs live through the job index the dashboard uses;
/// all of them as one ZIP, and the manifest. Its owner's and an admin's; anyone else is told there is no such batch.
/// </summary>
public partial class BatchDetail : IDisposable
{
    private BatchView? view;
    private bool loading = true;
    private ClaimsPrincipal user = new();
    private List<BreadcrumbItem> crumbs = [];

    // One read of the batch at a time; a change arriving meanwhile is read once more after it.
    private bool reading;
    private bool readAgain;

    [Inject] private BatchService Batches { get; set; } = default!;

    [Inject] private JobIndex Index { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private double Overall => view is null || view.Rows.Count == 0 ? 0 : 100.0 * (view.Done + view.Failed) / view.Rows.Count;

    private string Summary
    {
        get
        {
            var v = view!;
            var running = v.Rows.Count(r => r.State == JobState.Running);
            var waiting = v.Rows.Count(r => r.State is JobState.Pending or JobState.Queued);
            var parts = new List<string> { $"{v.Done} of {v.Rows.Count} done" };
            if (v.Failed > 0)
            {
                parts.Add($"{v.Failed} failed");
            }

            if (running > 0)
            {
                parts.Add($"{running} running");
            }

            if (waiting > 0)
            {
                parts.Add($"{waiting} waiting");
            }

            return string.Join(" · ", parts);
        }
    }

    public void Dispose()
    {
        Index.Changed -= OnJobsChanged;
        GC.SuppressFinalize(this);
    }

    protected override async Task OnParametersSetAsync()
    {
        Index.Changed -= OnJobsChanged;
        Index.Changed += OnJobsChanged;
        user = await PortalUser.OfAsync(AuthState);
        view = await Batches.GetAsync(Id, user);
        loading = false;
        crumbs = [new("Jobs", "jobs"), new(view is null ? Id : $"{view.FileName} · {view.Rows.Count} copies", null, disabled: true)];
    }

    /// <summary>A job changed: the page reads the batch again when it is one of this batch's and shows otherwise.</summary>
    private void OnJobsChanged()
    {
        if (view is null || !view.Rows.Any(Differs))
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            if (reading)
            {
                readAgain = true;
                return;
            }

            reading = true;
            try
            {
                do
                {
                    readAgain = false;
                    view = await Batches.GetAsync(Id, user) ?? view;
                    StateHasChanged();
                }
                while (readAgain);
            }
            finally
            {
                reading = false;
            }
        });
    }

    private bool Differs(BatchRowView row) =>
        Index.Find(row.JobId) is { } job && (job.State != row.State || job.Progress != row.Progress || job.Error != row.Error || job.OutputSize != row.OutputSize);
}
