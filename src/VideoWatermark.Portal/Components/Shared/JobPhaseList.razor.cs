using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Components.Shared;

public partial class JobPhaseList
{
    private IReadOnlyList<JobPhaseSpan> phases = [];

    [Parameter, EditorRequired] public Job Job { get; set; } = default!;

    protected override void OnParametersSet() => phases = Job.Phases();

    private static string Name(JobPhase phase) => phase switch
    {
        JobPhase.Waiting => "Waiting",
        JobPhase.Downloading => "Downloading",
        JobPhase.Encoding => "Encoding",
        JobPhase.Joining => "Joining",
        _ => "Uploading",
    };
}
