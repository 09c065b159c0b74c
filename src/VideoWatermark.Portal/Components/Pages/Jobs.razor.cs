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

    private Job[] rows = [];
    private ArraySegment<Job> rest = ArraySegment<Job>.Empty;
    private IReadOnlyDictionary<JobState, int> counts = new Dictionary<JobState, int>();
    private JobState? filter;
    private JobOrder order = JobOrder.Default;
    private DateTimeOffset now;
    private Dictionary<string, int> queue = new(StringComparer.Ordinal);

    protected override void OnInitialized() => Index.Changed += OnJobsChanged;

    protected override void OnParametersSet()
    {
        filter = ParseState(State);
        order = JobOrder.Parse(Sort);
        Refresh();
    }

    private static JobState? ParseState(string? text) =>
        Enum.GetValues<JobState>().Cast<JobState?>().FirstOrDefault(s => string.Equals(JobActions.Describe(s!.Value), text, StringComparison.OrdinalIgnoreCase));

    private void Refresh()
    {
        now = Time.GetUtcNow();
        rows = order.Apply(Index.Query(filter, Search));
        rest = rows.Length > FirstRows ? new ArraySegment<Job>(rows, FirstRows, rows.Length - FirstRows) : ArraySegment<Job>.Empty;
        counts = Index.CountByState(Search);
        queue = QueuePositions(Index.All());
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

    /// <summary>The CSV of what the list shows now: the same state filter and search.</summary>
    private string ExportHref => QueryHelpers.AddQueryString("api/jobs/export.csv", new Dictionary<string, string?>
    {
        ["state"] = filter is { } s ? JobActions.Describe(s) : null,
        ["search"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
    });

    private void SetFilter(JobState? state) => ShowInAddress(filter == state ? null : state, Search, order);

    private void OnSearch(string text) => ShowInAddress(filter, text, order);

    private void SortBy(JobSort column) => ShowInAddress(filter, Search, order.Toggle(column));

    /// <summary>
    /// Puts the filter and search into the address, replacing the history entry (typing is not a page to go back
    /// to); the query parameters then come back in as <see cref="State"/>, <see cref="Search"/> and <see cref="Sort"/>.
    /// </summary>
    private void ShowInAddress(JobState? state, string? search, JobOrder newOrder)
    {
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["state"] = state is { } s ? JobActions.Describe(s) : null,
            ["q"] = string.IsNullOrWhiteSpace(search) ? null : search,
            ["sort"] = newOrder.ToQuery(),
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

    public void Dispose() => Index.Changed -= OnJobsChanged;
}
