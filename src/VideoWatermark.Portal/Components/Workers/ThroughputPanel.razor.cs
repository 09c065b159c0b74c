using System.Globalization;
using Microsoft.AspNetCore.Components;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Workers;

public partial class ThroughputPanel
{
    [Parameter, EditorRequired] public ThroughputFigures Figures { get; set; } = default!;

    private string VideosPerHour => Figures.VideosLastHour.ToString(CultureInfo.InvariantCulture);

    private string Realtime => Figures.Realtime is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:0.0}×") : "–";

    /// <summary>Hours with one decimal, or minutes while under an hour, so a first short clip does not show as 0.0 h.</summary>
    private string VideoHours => Figures.VideoHours switch
    {
        >= 1 => string.Create(CultureInfo.InvariantCulture, $"{Figures.VideoHours:0.0} h"),
        var hours => string.Create(CultureInfo.InvariantCulture, $"{hours * 60:0.#} min"),
    };
}
