using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace VideoWatermark.Portal.Components.Shared;

public partial class PreviewTools
{
    /// <summary>The previewed video's length; 0 for the sample frame or a file the browser cannot read, and no scrubbing.</summary>
    [Parameter] public double Duration { get; set; }

    [Parameter] public double Moment { get; set; }

    [Parameter] public EventCallback<double> MomentChanged { get; set; }

    /// <summary>True shows the frame as uploaded, without the watermark.</summary>
    [Parameter] public bool Before { get; set; }

    [Parameter] public EventCallback<bool> BeforeChanged { get; set; }

    [Parameter] public bool SafeAreas { get; set; }

    [Parameter] public EventCallback<bool> SafeAreasChanged { get; set; }

    private Task SetBefore(bool before) => before == Before ? Task.CompletedTask : BeforeChanged.InvokeAsync(before);

    private static string Pressed(bool pressed) => pressed ? "true" : "false";

    /// <summary>m:ss.s, the way a player shows a moment.</summary>
    private static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}:{t.Seconds:00}.{t.Milliseconds / 100}");
    }
}
