using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Shared;
using VideoWatermark.Portal.Components.Uploads;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

/// <summary>
/// The upload page: files chosen or dropped, the watermark and its placement, and the preview on a frame of the
/// user's own video. The browser module sends the bytes and reports back through the <c>[JSInvokable]</c> methods.
/// </summary>
public partial class Upload : IAsyncDisposable
{
    private readonly UploadQueue queue = new();
    private IReadOnlyList<WatermarkInfo> watermarks = [];
    private WatermarkSpec spec = new() { Position = Anchor.BottomRight, Margin = 0.04, Scale = 0.25, Opacity = 0.85 };
    private ElementReference dropzone;
    private ElementReference input;
    private PlacementPreview? preview;
    private UploadJsBridge? bridge;
    private DotNetObjectReference<Upload>? self;
    private string? previewId;
    private int frameWidth = SampleFrame.Width;
    private int frameHeight = SampleFrame.Height;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private WatermarkLibrary Library { get; set; } = default!;

    [Inject]
    private JobIndex Index { get; set; } = default!;

    [Inject]
    private InputLimits Limits { get; set; } = default!;

    private UploadJsBridge Bridge => bridge ??= new UploadJsBridge(JS);

    private WatermarkInfo? Selected => watermarks.FirstOrDefault(w => w.Key == spec.Image);

    private static string Accept => string.Join(",", UploadRules.Extensions);

    private bool CanUpload => Selected is not null && queue.ReadyCount > 0;

    private string UploadLabel => queue.ReadyCount is var n and > 1 ? $"Upload {n} videos" : "Upload";

    [JSInvokable]
    public async Task FilesAdded(FileAdded[] added)
    {
        queue.Add(added);
        if (previewId is null && queue.Ready.FirstOrDefault() is { } first)
        {
            await ShowFrameAsync(first);
        }

        await InvokeAsync(StateHasChanged);
    }

    [JSInvokable]
    public Task FrameShown(string id, int width, int height)
    {
        if (id == previewId && width > 0 && height > 0)
        {
            frameWidth = width;
            frameHeight = height;
        }

        return InvokeAsync(StateHasChanged);
    }

    [JSInvokable]
    public Task FrameFailed(string id)
    {
        if (id == previewId)
        {
            // The browser cannot decode this one (some .mkv, .mov): the sample frame stands in; ffmpeg will still take it.
            ShowSampleFrame();
        }

        return InvokeAsync(StateHasChanged);
    }

    [JSInvokable]
    public Task UploadStarted(string id, string jobId) => Changed(() => queue.Started(id, jobId));

    [JSInvokable]
    public Task UploadProgress(string id, long sent, long total, double bytesPerSecond) => Changed(() => queue.Progress(id, sent, bytesPerSecond));

    [JSInvokable]
    public Task UploadFinished(string id, string jobId) => Changed(() => queue.Finished(id, jobId));

    [JSInvokable]
    public Task UploadFailed(string id, string message, bool cancelled) => Changed(() => queue.Failed(id, message, cancelled));

    public async ValueTask DisposeAsync()
    {
        Index.Changed -= OnJobsChanged;
        if (bridge is not null)
        {
            await bridge.DisposeAsync();
        }

        self?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        Index.Changed += OnJobsChanged;
        watermarks = await Library.ListAsync();
        var defaultKey = watermarks.FirstOrDefault(w => w.IsDefault)?.Key ?? watermarks.FirstOrDefault()?.Key;
        spec = spec with { Image = defaultKey ?? spec.Image };
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            await Bridge.InitAsync(dropzone, input, self, UploadRules.Extensions, Limits.MaxUploadBytes);
        }
    }

    private Task Changed(Action change)
    {
        change();
        return InvokeAsync(StateHasChanged);
    }

    private async Task ShowFrameAsync(UploadItem item)
    {
        previewId = item.ClientId;
        if (Bridge.IsReady && preview is not null)
        {
            StateHasChanged();
            await Bridge.ShowFrameAsync(item.ClientId, preview.Video);
        }
    }

    private void ShowSampleFrame()
    {
        previewId = null;
        frameWidth = SampleFrame.Width;
        frameHeight = SampleFrame.Height;
    }

    private void SelectWatermark(string key) => spec = spec with { Image = key };

    private async Task StartAll()
    {
        foreach (var item in queue.Ready)
        {
            await StartAsync(item);
        }
    }

    private async Task StartAsync(UploadItem item)
    {
        if (!Bridge.IsReady || Selected is not { } watermark)
        {
            return;
        }

        UploadQueue.Begin(item);
        await Bridge.StartAsync(item.ClientId, watermark.Name, spec);
    }

    private async Task RemoveAsync(UploadItem item)
    {
        queue.Remove(item);
        await Bridge.RemoveAsync(item.ClientId);
        if (item.ClientId == previewId)
        {
            ShowSampleFrame();
        }
    }

    private void OnJobsChanged()
    {
        if (queue.HasJobs)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }
}
