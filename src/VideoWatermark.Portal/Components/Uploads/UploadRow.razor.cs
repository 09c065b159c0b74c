using Microsoft.AspNetCore.Components;
using MudBlazor;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>One file on the upload page: its progress while it goes up, then its job's state, and what can be done with it.</summary>
public partial class UploadRow
{
    [Inject]
    private JobIndex Index { get; set; } = default!;

    [Parameter, EditorRequired]
    public UploadItem Item { get; set; } = default!;

    /// <summary>This file's frame is the one in the placement preview.</summary>
    [Parameter]
    public bool Previewed { get; set; }

    [Parameter]
    public EventCallback OnPreview { get; set; }

    [Parameter]
    public EventCallback OnCancel { get; set; }

    [Parameter]
    public EventCallback OnRetry { get; set; }

    [Parameter]
    public EventCallback OnRemove { get; set; }

    private Job? Job => Item.JobId is null ? null : Index.Find(Item.JobId);

    /// <summary>The batch's copies made and failed so far, from the jobs the dashboard knows.</summary>
    private (int Done, int Failed) BatchCounts()
    {
        var jobs = Item.BatchJobIds.Select(Index.Find).ToList();
        return (jobs.Count(j => j?.State == JobState.Succeeded), jobs.Count(j => j?.State == JobState.Failed));
    }

    /// <summary>
    /// The file went up but its job failed: the row says so, not "done". A batch's row counts its failed copies
    /// instead; one copy failing leaves the others to download.
    /// </summary>
    private bool JobFailed => Item.BatchId is null && Job is { State: JobState.Failed };

    private string Icon => JobFailed ? Icons.Material.Filled.ErrorOutline : Item.Status switch
    {
        UploadStatus.Refused or UploadStatus.Failed => Icons.Material.Filled.ErrorOutline,
        UploadStatus.Cancelled => Icons.Material.Filled.Block,
        UploadStatus.Uploaded => Icons.Material.Filled.CloudDone,
        UploadStatus.Uploading => Icons.Material.Filled.CloudUpload,
        _ => Icons.Material.Filled.Movie,
    };

    private Color IconColor => JobFailed ? Color.Error : Item.Status switch
    {
        UploadStatus.Refused or UploadStatus.Failed => Color.Error,
        UploadStatus.Uploaded => Color.Success,
        UploadStatus.Uploading => Color.Secondary,
        _ => Color.Default,
    };
}
