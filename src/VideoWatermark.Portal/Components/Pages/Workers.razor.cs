using Microsoft.AspNetCore.Components;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

/// <summary>
/// What each worker does now (the local pool's workers, or on AWS the running tasks), the last hour's pace and the
/// totals, updated live as jobs and workers change.
/// </summary>
public partial class Workers : IDisposable
{
    [Inject] private WorkerBoard Board { get; set; } = default!;

    private IReadOnlyList<WorkerRow> rows = [];
    private ThroughputFigures figures = new(0, null, 0, 0, 0);
    private IDisposable? subscription;
    private bool loaded;
    private long refreshes;

    private string KindText => Board.IsLocalPool
        ? $"This machine's worker pool: {rows.Count} worker{(rows.Count == 1 ? "" : "s")}, each running one job or one segment of a split job at a time."
        : "On AWS each job, or each segment of a split job, runs on a Fargate task of its own.";

    protected override async Task OnInitializedAsync()
    {
        subscription = Board.Subscribe(OnChanged);
        await RefreshAsync();
    }

    /// <summary>Reads the workers again; a read that a newer one overtook is dropped, so the page never goes back in time.</summary>
    private async Task<bool> RefreshAsync()
    {
        var mine = Interlocked.Increment(ref refreshes);
        var read = await Board.ReadAsync();
        if (mine != Interlocked.Read(ref refreshes))
        {
            return false;
        }

        rows = read;
        figures = Board.Figures();
        loaded = true;
        return true;
    }

    private void OnChanged() => _ = InvokeAsync(async () =>
    {
        if (await RefreshAsync())
        {
            StateHasChanged();
        }
    });

    public void Dispose() => subscription?.Dispose();
}
