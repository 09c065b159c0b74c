using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Components.Shared;
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
    private ClaimsPrincipal user = new();
    private IReadOnlyList<PreviewVideo> videos = [];

    /// <summary>The job whose original the preview is drawn on; null for the sample frame.</summary>
    private string? videoId;

    /// <summary>That video's length: the slider's, as the output's.</summary>
    private double? videoSeconds;

    private int frameWidth = SampleFrame.Width;
    private int frameHeight = SampleFrame.Height;

    /// <summary>Each layer's box on the frame shown, and the revision of the template that frame drew.</summary>
    private IReadOnlyList<LayerBox?> boxes = [];
    private int boxesRevision = -1;

    [Inject] private TemplatePreview Preview { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>A copy of the draft as it is now; <see cref="Revision"/> says when it changed.</summary>
    [Parameter, EditorRequired] public WatermarkTemplate Template { get; set; } = default!;

    [Parameter] public int Revision { get; set; }

    /// <summary>The layer selected in the editor, whose box can be sized.</summary>
    [Parameter] public int Selected { get; set; } = -1;

    /// <summary>A layer's box was clicked.</summary>
    [Parameter] public EventCallback<int> OnSelect { get; set; }

    /// <summary>
    /// The variables' values (one recipient's, on the upload page); null shows each variable's name. A change shows
    /// with the next <see cref="Revision"/>.
    /// </summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Values { get; set; }

    /// <summary>Whether the layers' boxes are drawn to select, move and size them (the editor's), or not (the upload page's).</summary>
    [Parameter] public bool Editable { get; set; } = true;

    /// <summary>A layer's box was moved or sized on the preview; the editor applies it to its draft.</summary>
    [Parameter] public EventCallback<LayerDrag> OnDragged { get; set; }

    /// <summary>
    /// The length of video the slider covers: the chosen video's, or for the sample frame every layer's window and
    /// fades, and some time after.
    /// </summary>
    public double Duration => videoSeconds ?? Math.Max(MinSeconds, Math.Ceiling(Template.Layers.Select(l => l.LastMoment()).DefaultIfEmpty(0).Max()) + 5);

    /// <summary>The moment the image on screen shows.</summary>
    private double Shown => image is null ? -1 : renderedSeconds;

    /// <summary>
    /// The boxes, only while the frame on screen is the current template's, drawn without a problem: a box from an
    /// older draft would outline a layer that moved or is gone.
    /// </summary>
    private IReadOnlyList<LayerBox?> ShownBoxes => Editable && boxesRevision == Revision && problem is null ? boxes : [];

    private string CursorStyle => string.Create(Invariant, $"left:{100 * seconds / Duration:0.##}%");

    private string FrameStyle => string.Create(Invariant, $"aspect-ratio:{frameWidth} / {frameHeight};max-width:calc(70vh * {frameWidth} / {frameHeight})");

    private string SourceName => videoId is not null && videos.FirstOrDefault(v => v.JobId == videoId) is { } video
        ? $"A frame of {video.FileName}"
        : "The sample frame";

    public void Dispose()
    {
        pending?.Cancel();
        pending?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        user = await PortalUser.OfAsync(AuthState);
        videos = Preview.VideosFor(user);
    }

    protected override void OnParametersSet()
    {
        if (Revision != shownRevision)
        {
            shownRevision = Revision;
            videos = Preview.VideosFor(user);
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

    /// <summary>The sample frame (null) or one of the user's videos: its length becomes the slider's, its frames the background.</summary>
    private async Task ChooseAsync(string? jobId)
    {
        if (jobId == videoId)
        {
            return;
        }

        try
        {
            videoSeconds = jobId is null ? null : await Preview.VideoSecondsAsync(jobId, user);
            videoId = jobId;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A video no longer stored or unreadable: the preview stays where it was and says why.
            problem = e.Message;
            return;
        }

        (image, frameWidth, frameHeight) = (null, SampleFrame.Width, SampleFrame.Height);
        seconds = Math.Min(seconds, Duration);
        await RenderAsync();
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
        var on = videoId;
        var revision = Revision;
        try
        {
            var frame = await Preview.RenderAsync(Template, at, Duration, on is null ? null : (on, user), Values, mine.Token);
            (image, renderedSeconds, problem) = ($"data:image/png;base64,{Convert.ToBase64String(frame.Png)}", at, null);
            (frameWidth, frameHeight, boxes, boxesRevision) = (frame.Width, frame.Height, frame.Boxes, revision);
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
