using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Shared;
using VideoWatermark.Portal.Components.Uploads;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

/// <summary>
/// The upload page: files chosen or dropped, the watermark and its placement, and the preview on a frame of the
/// user's own video. The files and settings live in the tab's <see cref="UploadSession"/>, so leaving the page
/// neither stops an upload nor forgets a choice; the page shows the session and attaches its drop zone while shown.
/// </summary>
public partial class Upload : IAsyncDisposable
{
    private IReadOnlyList<WatermarkInfo> watermarks = [];
    private ElementReference dropzone;
    private ElementReference input;
    private PlacementPreview? preview;
    private string? shownPreviewId;
    private bool before;
    private bool safeAreas;

    [Inject]
    private UploadSession Session { get; set; } = default!;

    [Inject]
    private WatermarkLibrary Library { get; set; } = default!;

    [Inject]
    private JobIndex Index { get; set; } = default!;

    [Inject]
    private InputLimits Limits { get; set; } = default!;

    private UploadQueue Queue => Session.Queue;

    private WatermarkSpec Spec => Session.Spec;

    private string? PreviewId => Session.PreviewId;

    private WatermarkInfo? Selected => watermarks.FirstOrDefault(w => w.Key == Spec.Image);

    private static string Accept => string.Join(",", UploadRules.Extensions);

    private bool CanUpload => (Session.Template.UseTemplate || Selected is not null) && Queue.ReadyCount > 0;

    private string UploadLabel => Queue.ReadyCount is var n and > 1 ? $"Upload {n} videos" : "Upload";

    public async ValueTask DisposeAsync()
    {
        Index.Changed -= OnJobsChanged;
        Session.Changed -= OnSessionChanged;
        Library.Changed -= OnLibraryChanged;
        await Session.Bridge.DetachAsync();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        Index.Changed += OnJobsChanged;
        Session.Changed += OnSessionChanged;
        Library.Changed += OnLibraryChanged;
        await LoadWatermarksAsync();
    }

    private async Task LoadWatermarksAsync()
    {
        watermarks = await Library.ListAsync();
        if (!Session.ImageChosen || Selected is null)
        {
            var defaultKey = watermarks.FirstOrDefault(w => w.IsDefault)?.Key ?? watermarks.FirstOrDefault()?.Key;
            Session.Spec = Spec with { Image = defaultKey ?? Spec.Image };
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await Session.ConnectAsync();
            await Session.Bridge.AttachAsync(dropzone, input);
        }

        // A file chosen (the first one becomes the preview), or the page shown again: the preview's new <video> needs
        // the frame of the file the session previews.
        if (Session.PreviewId is null && Queue.Ready.FirstOrDefault() is { } first)
        {
            Session.Preview(first.ClientId);
        }

        if (Session.PreviewId != shownPreviewId && preview is not null && Session.Bridge.IsReady)
        {
            shownPreviewId = Session.PreviewId;
            if (shownPreviewId is not null)
            {
                await Session.Bridge.ShowFrameAsync(shownPreviewId, preview.Video);
            }

            StateHasChanged();
        }
    }

    private void ShowFrame(UploadItem item) => Session.Preview(item.ClientId);

    private Task SeekPreviewAsync(double seconds) => preview is null ? Task.CompletedTask : Session.SeekPreviewAsync(preview.Video, seconds);

    private void SelectWatermark(string key)
    {
        Session.Spec = Spec with { Image = key };
        Session.ImageChosen = true;
    }

    private void SpecChanged(WatermarkSpec changed) => Session.Spec = changed;

    private async Task StartAll()
    {
        // A template's empty variable stops the whole batch before any file goes up, with the reason shown.
        if (Session.Template.UseTemplate && !Session.Template.Ready())
        {
            return;
        }

        foreach (var item in Queue.Ready)
        {
            await StartAsync(item);
        }
    }

    private async Task StartAsync(UploadItem item)
    {
        if (Session.Template.UseTemplate)
        {
            if (Session.Template.Ready())
            {
                await Session.StartWithTemplateAsync(item);
            }
        }
        else if (Selected is { } watermark)
        {
            await Session.StartAsync(item, watermark.Name);
        }
    }

    private async Task RemoveAllAsync()
    {
        foreach (var item in Queue.Removable)
        {
            await Session.RemoveAsync(item);
        }
    }

    private void OnSessionChanged() => _ = InvokeAsync(StateHasChanged);

    // A watermark added, removed or made the default in another tab: the list follows, the chosen files stay.
    private void OnLibraryChanged() => _ = InvokeAsync(async () =>
    {
        await LoadWatermarksAsync();
        StateHasChanged();
    });

    private void OnJobsChanged()
    {
        if (Queue.HasJobs)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }
}
