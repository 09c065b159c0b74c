using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Components.Shared;

/// <summary>
/// A split job's segments, each with its state, attempts and progress, read from their own records (which the job
/// list does not carry) and read again every few seconds while the job is not finished.
/// </summary>
public partial class SegmentList : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource stop = new();
    private readonly CancellationToken stopping;
    private IReadOnlyList<JobSegment> segments = [];
    private Task? polling;

    public SegmentList() => stopping = stop.Token;

    [Inject] private JobStore Jobs { get; set; } = default!;

    [Parameter, EditorRequired] public Job Job { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (!Job.IsSplit)
        {
            segments = [];
            return;
        }

        await LoadAsync();
        polling ??= PollAsync();
    }

    private static string Span(JobSegment segment) =>
        $"{TimeSpan.FromSeconds(segment.StartSeconds):h\\:mm\\:ss}–{TimeSpan.FromSeconds(segment.EndSeconds):h\\:mm\\:ss}";

    private async Task LoadAsync()
    {
        try
        {
            segments = await Jobs.GetSegmentsAsync(Job.Id, stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store away for a moment: the last list stays until the next read.
        }
    }

    private async Task PollAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(Refresh);
            while (await timer.WaitForNextTickAsync(stopping) && !Job.State.IsFinal())
            {
                await LoadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
