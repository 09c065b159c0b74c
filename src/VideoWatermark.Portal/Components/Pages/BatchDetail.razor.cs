using System.Globalization;
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
/// A batch of up to a thousand copies shows a page of them at a time, with a search over all of them.
/// </summary>
public partial class BatchDetail : IDisposable
{
    /// <summary>Copies drawn at once: the rows a page shows stay few however large the batch.</summary>
    public const int PageSize = 50;

    private BatchView? view;
    private bool loading = true;
    private ClaimsPrincipal user = new();
    private List<BreadcrumbItem> crumbs = [];
    private string? search;
    private int page = 1;

    /// <summary>The rows the search leaves, in recipient order; the page shows a slice of them.</summary>
    private IReadOnlyList<BatchRowView> matches = [];

    [Inject] private BatchService Batches { get; set; } = default!;

    [Inject] private JobIndex Index { get; set; } = default!;

    [Parameter] public string Id { get; set; } = "";

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private int Pages => Math.Max(1, (matches.Count + PageSize - 1) / PageSize);

    private IEnumerable<BatchRowView> PageRows => matches.Skip((page - 1) * PageSize).Take(PageSize);

    private string RangeText
    {
        get
        {
            var first = ((page - 1) * PageSize) + 1;
            var last = Math.Min(matches.Count, page * PageSize);
            return string.Create(CultureInfo.InvariantCulture, $"{first:N0}–{last:N0} of {matches.Count:N0}");
        }
    }

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
        Match();
    }

    /// <summary>
    /// A job changed: the batch's rows follow the index (no store read), and only when one of this batch's copies
    /// changed is the page drawn again, where only that copy's row draws itself again (<see cref="Shared.BatchRow"/>).
    /// </summary>
    private void OnJobsChanged() => _ = InvokeAsync(() =>
    {
        if (view is null || Batches.Follow(view) is var next && ReferenceEquals(next, view))
        {
            return;
        }

        view = next;
        Match();
        StateHasChanged();
    });

    private void OnSearch(string? text)
    {
        search = text;
        page = 1;
        Match();
    }

    private void ShowPage(int number) => page = number;

    private void Match()
    {
        if (view is null)
        {
            matches = [];
            return;
        }

        var text = search?.Trim();
        matches = string.IsNullOrEmpty(text)
            ? view.Rows
            : [.. view.Rows.Where(r => Contains(r.Recipient, text) || Contains(r.Email, text) || Contains(r.OutputFileName, text))];
        page = Math.Clamp(page, 1, Pages);
    }

    private static bool Contains(string? value, string text) => value?.Contains(text, StringComparison.CurrentCultureIgnoreCase) == true;
}
