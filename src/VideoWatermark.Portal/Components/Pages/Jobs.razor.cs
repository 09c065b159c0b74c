using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

public partial class Jobs : IDisposable
{
    /// <summary>Rows drawn without virtualization: more than a tall screen's list shows (64 px each).</summary>
    private const int FirstRows = 24;

    [Inject] private JobIndex Index { get; set; } = default!;

    [Inject] private JobActions Actions { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The state filter as the address carries it (<c>?state=failed</c>), so a reload or a shared link keeps it.</summary>
    [SupplyParameterFromQuery(Name = "state")]
    public string? State { get; set; }

    /// <summary>The search text as the address carries it (<c>?q=beach</c>).</summary>
    [SupplyParameterFromQuery(Name = "q")]
    public string? Search { get; set; }

    /// <summary>The order as the address carries it (<c>?sort=-size</c>); newest first without it.</summary>
    [SupplyParameterFromQuery(Name = "sort")]
    public string? Sort { get; set; }

    /// <summary>The first day of the date filter (<c>?from=2026-12-01</c>), in the portal's time zone.</summary>
    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    /// <summary>The last day of the date filter, included (<c>?to=2026-12-03</c>).</summary>
    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    private JobDateRange dates;
    private Job[] rows = [];
    private ArraySegment<Job> rest = ArraySegment<Job>.Empty;
    private IReadOnlyDictionary<JobState, int> counts = new Dictionary<JobState, int>();
    private JobState? filter;
    private JobOrder order = JobOrder.Default;
    private DateTimeOffset now;
    private Dictionary<string, int> queue = new(StringComparer.Ordinal);

    /// <summary>The ticked jobs; always among the rows shown (a filter, a search or a deletion drops the others).</summary>
    private readonly HashSet<string> selected = new(StringComparer.Ordinal);

    protected override void OnInitialized() => Index.Changed += OnJobsChanged;

    protected override void OnParametersSet()
    {
        filter = ParseState(State);
        order = JobOrder.Parse(Sort);
        dates = JobDateRange.Parse(From, To, Time.LocalTimeZone);
        Refresh();
    }

    private static JobState? ParseState(string? text) =>
        Enum.GetValues<JobState>().Cast<JobState?>().FirstOrDefault(s => string.Equals(JobActions.Describe(s!.Value), text, StringComparison.OrdinalIgnoreCase));

    private void Refresh()
    {
        now = Time.GetUtcNow();
        rows = order.Apply(Index.Query(filter, Search, dates));
        rest = rows.Length > FirstRows ? new ArraySegment<Job>(rows, FirstRows, rows.Length - FirstRows) : ArraySegment<Job>.Empty;
        counts = Index.CountByState(Search, dates);
        queue = QueuePositions(Index.All());
        selected.IntersectWith(rows.Select(j => j.Id));
    }

    /// <summary>
    /// Where each queued job stands in line. Workers take jobs in the order they were queued; a queued record's last
    /// change is normally its queueing, so its update time stands for that.
    /// </summary>
    private static Dictionary<string, int> QueuePositions(Job[] all)
    {
        var queued = all.Where(j => j.State == JobState.Queued).OrderBy(j => j.UpdatedAt).ThenBy(j => j.CreatedAt);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var job in queued)
        {
            positions[job.Id] = positions.Count + 1;
        }

        return positions;
    }

    private int? PositionOf(Job job) => queue.TryGetValue(job.Id, out var position) ? position : null;

    private void OnJobsChanged() => _ = InvokeAsync(() =>
    {
        Refresh();
        StateHasChanged();
    });

    /// <summary>The CSV of what the list shows now: the same state filter, search and dates.</summary>
    private string ExportHref => QueryHelpers.AddQueryString("api/jobs/export.csv", new Dictionary<string, string?>
    {
        ["state"] = filter is { } s ? JobActions.Describe(s) : null,
        ["search"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
        ["from"] = JobDateRange.Text(dates.From),
        ["to"] = JobDateRange.Text(dates.To),
    });

    private bool Filtered => filter is not null || !string.IsNullOrWhiteSpace(Search) || !dates.IsEmpty;

    private void SetFilter(JobState? state) => ShowInAddress(filter == state ? null : state, Search, order, dates);

    private void OnSearch(string text) => ShowInAddress(filter, text, order, dates);

    private void SortBy(JobSort column) => ShowInAddress(filter, Search, order.Toggle(column), dates);

    private void OnFrom(string? day) => ShowInAddress(filter, Search, order, JobDateRange.Parse(day, JobDateRange.Text(dates.To), Time.LocalTimeZone));

    private void OnTo(string? day) => ShowInAddress(filter, Search, order, JobDateRange.Parse(JobDateRange.Text(dates.From), day, Time.LocalTimeZone));

    /// <summary>
    /// Puts the filter, search, order and dates into the address, replacing the history entry (typing is not a page to
    /// go back to); the query parameters then come back in as <see cref="State"/>, <see cref="Search"/>,
    /// <see cref="Sort"/>, <see cref="From"/> and <see cref="To"/>.
    /// </summary>
    private void ShowInAddress(JobState? state, string? search, JobOrder newOrder, JobDateRange newDates)
    {
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["state"] = state is { } s ? JobActions.Describe(s) : null,
            ["q"] = string.IsNullOrWhiteSpace(search) ? null : search,
            ["sort"] = newOrder.ToQuery(),
            ["from"] = JobDateRange.Text(newDates.From),
            ["to"] = JobDateRange.Text(newDates.To),
        });
        Navigation.NavigateTo(uri, replace: true);
    }

    private async Task RetryAsync(Job job)
    {
        try
        {
            await Actions.RetryAsync(job.Id, await PortalUser.OfAsync(AuthState));
            Snackbar.Add($"{job.FileName} queued again.", Severity.Success);
        }
        catch (RefusedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task CancelAsync(Job job)
    {
        try
        {
            await Actions.CancelAsync(job.Id, await PortalUser.OfAsync(AuthState));
            Snackbar.Add($"{job.FileName}: cancel requested.", Severity.Info);
        }
        catch (RefusedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private static bool Cancellable(Job job) => job.State is JobState.Pending or JobState.Queued or JobState.Running && !job.CancelRequested;

    /// <summary>The ids of the ticked jobs that <paramref name="test"/> accepts, in the list's order.</summary>
    private List<string> SelectedWith(Func<Job, bool> test) => [.. rows.Where(j => selected.Contains(j.Id) && test(j)).Select(j => j.Id)];

    private void Select((Job Job, bool Selected) change)
    {
        if (change.Selected)
        {
            selected.Add(change.Job.Id);
        }
        else
        {
            selected.Remove(change.Job.Id);
        }
    }

    private void SelectAll(bool all)
    {
        selected.Clear();
        if (all)
        {
            selected.UnionWith(rows.Select(j => j.Id));
        }
    }

    private void ClearSelection() => selected.Clear();

    private Task RetrySelectedAsync() =>
        OnEachSelectedAsync(j => j.Retryable, (id, user) => Actions.RetryAsync(id, user), "queued again");

    private Task CancelSelectedAsync() =>
        OnEachSelectedAsync(Cancellable, (id, user) => Actions.CancelAsync(id, user), "asked to stop");

    private async Task DeleteSelectedAsync()
    {
        var count = SelectedWith(j => j.State.IsFinal()).Count;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            count == 1 ? "Delete 1 job?" : $"Delete {count} jobs?",
            "Their watermarked outputs and logs are deleted; the original uploads are kept. Jobs still under way are left alone.",
            yesText: "Delete", cancelText: "Keep them");
        if (confirmed == true)
        {
            await OnEachSelectedAsync(j => j.State.IsFinal(), (id, user) => Actions.DeleteAsync(id, user), "deleted");
        }
    }

    /// <summary>
    /// One action on every ticked job it applies to, one after another; a refusal (another user's job, a state changed
    /// meanwhile) is counted and its first reason shown, and the others go on.
    /// </summary>
    private async Task OnEachSelectedAsync(Func<Job, bool> applies, Func<string, ClaimsPrincipal, Task> action, string done)
    {
        var user = await PortalUser.OfAsync(AuthState);
        var ids = SelectedWith(applies);
        var refused = new List<string>();
        foreach (var id in ids)
        {
            try
            {
                await action(id, user);
            }
            catch (RefusedException ex)
            {
                refused.Add(ex.Message);
            }
        }

        var succeeded = ids.Count - refused.Count;
        Snackbar.Add($"{succeeded} {(succeeded == 1 ? "job" : "jobs")} {done}.", refused.Count == 0 ? Severity.Success : Severity.Warning);
        if (refused.Count > 0)
        {
            Snackbar.Add($"{refused.Count} refused: {refused[0]}", Severity.Error);
        }

        selected.ExceptWith(ids);
    }

    public void Dispose() => Index.Changed -= OnJobsChanged;
}
