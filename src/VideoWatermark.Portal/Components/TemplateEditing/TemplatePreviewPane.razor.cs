using System.Globalization;
using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.TemplateEditing;

public partial class TemplatePreviewPane : IDisposable
{
    /// <summary>The shortest video the slider stands for; a template with later windows gets a longer one.</summary>
    private const double MinSeconds = 30;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private int shownRevision = -1;
    private double seconds;
    private double renderedSeconds;
    private string? image;
    private string? problem;
    private bool rendering;
    private CancellationTokenSource? pending;

    [Inject] private TemplatePreview Preview { get; set; } = default!;

    /// <summary>A copy of the draft as it is now; <see cref="Revision"/> says when it changed.</summary>
    [Parameter, EditorRequired] public WatermarkTemplate Template { get; set; } = default!;

    [Parameter] public int Revision { get; set; }

    /// <summary>The length of video the slider covers: every layer's window and fades, and some time after.</summary>
    public double Duration => Math.Max(MinSeconds, Math.Ceiling(Template.Layers.Select(l => l.LastMoment()).DefaultIfEmpty(0).Max()) + 5);

    /// <summary>The moment the image on screen shows.</summary>
    private double Shown => image is null ? -1 : renderedSeconds;

    private string CursorStyle => string.Create(Invariant, $"left:{100 * seconds / Duration:0.##}%");

    public void Dispose()
    {
        pending?.Cancel();
        pending?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void OnParametersSet()
    {
        if (Revision != shownRevision)
        {
            shownRevision = Revision;
            seconds = Math.Min(seconds, Duration);
            _ = RenderAsync();
        }
    }

    private static string Seconds(double value) => value.ToString("0.#", Invariant) + " s";

    private string BarStyle(TemplateLayer layer)
    {
        var start = Math.Min(layer.Start ?? 0, Duration);
        var end = Math.Min(layer.End ?? Duration, Duration);
        return string.Create(Invariant, $"left:{100 * start / Duration:0.##}%;width:{100 * Math.Max(0, end - start) / Duration:0.##}%");
    }

    private Task SeekAsync(double value)
    {
        seconds = value;
        return RenderAsync();
    }

    /// <summary>Draws the moment shown; a newer request cancels an older one, so only the last edit's frame lands.</summary>
    private async Task RenderAsync()
    {
        pending?.Cancel();
        pending?.Dispose();
        var mine = pending = new CancellationTokenSource();
        if (Template.Layers.Count == 0)
        {
            (image, problem, rendering) = (null, "Add a layer to see it here.", false);
            return;
        }

        rendering = true;
        var at = seconds;
        try
        {
            var png = await Preview.RenderAsync(Template, at, Duration, mine.Token);
            (image, renderedSeconds, problem) = ($"data:image/png;base64,{Convert.ToBase64String(png)}", at, null);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (mine.IsCancellationRequested)
            {
                return;
            }

            // An unfinished edit (an empty text, an end before the start) is the common case: the last good frame
            // stays, dimmed, with the reason under it.
            problem = e.Message;
        }

        if (ReferenceEquals(pending, mine))
        {
            rendering = false;
            StateHasChanged();
        }
    }
}
