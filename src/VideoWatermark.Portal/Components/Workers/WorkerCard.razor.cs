using System.Globalization;
using Microsoft.AspNetCore.Components;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Workers;

public partial class WorkerCard
{
    [Parameter, EditorRequired] public WorkerRow Row { get; set; } = default!;

    private string JobName => string.IsNullOrEmpty(Row.FileName) ? Row.JobId! : Row.FileName;

    private string? SegmentText => Row.Segment is { } index
        ? Row.Segments is { } count
            ? string.Create(CultureInfo.InvariantCulture, $"segment {index + 1} of {count}")
            : string.Create(CultureInfo.InvariantCulture, $"segment {index + 1}")
        : null;

    private string ProgressText => string.Create(CultureInfo.InvariantCulture, $"{Row.Progress:0}% · {JobTiming.Format(Row.Elapsed)} elapsed");
}
