using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Shared;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>
/// The uploads of one browser tab (one circuit, so one scoped instance): the files, their progress, and the watermark
/// settings chosen for them. It outlives the upload page, which Blazor disposes on every navigation, so uploads go on
/// while the user browses the portal and the page finds them again when it is shown; the app bar's indicator reads
/// the same state. The browser module reports here through the <c>[JSInvokable]</c> methods.
/// </summary>
public sealed class UploadSession(IJSRuntime js, InputLimits limits) : IAsyncDisposable, IDisposable
{
    private DotNetObjectReference<UploadSession>? self;
    private Task? connecting;

    /// <summary>Something the page, a row or the indicator shows changed.</summary>
    public event Action? Changed;

    public UploadQueue Queue { get; } = new();

    public UploadJsBridge Bridge { get; } = new(js);

    public WatermarkSpec Spec { get; set; } = new() { Position = Anchor.BottomRight, Margin = 0.04, Scale = 0.25, Opacity = 0.85 };

    /// <summary>A saved template instead of the single image, with its variables.</summary>
    public TemplateSelection Template { get; } = new(limits.MaxRecipients);

    /// <summary>Whether the user (or the page, with the default) has chosen the image yet.</summary>
    public bool ImageChosen { get; set; }

    /// <summary>The file whose frame the preview shows; null for the sample frame.</summary>
    public string? PreviewId { get; private set; }

    public int FrameWidth { get; private set; } = SampleFrame.Width;

    public int FrameHeight { get; private set; } = SampleFrame.Height;

    /// <summary>The previewed video's length as the browser read it; 0 for the sample frame.</summary>
    public double FrameSeconds { get; private set; }

    /// <summary>The moment of the previewed video the preview shows.</summary>
    public double FrameMoment { get; private set; }

    /// <summary>Loads the browser module once per tab; every caller after the first waits for the same load.</summary>
    public Task ConnectAsync()
    {
        return connecting ??= ConnectCoreAsync();

        async Task ConnectCoreAsync()
        {
            self = DotNetObjectReference.Create(this);
            await Bridge.InitAsync(self, UploadRules.Extensions, limits.MaxUploadBytes);
        }
    }

    [JSInvokable]
    public Task FilesAdded(FileAdded[] added) => Raise(() => Queue.Add(added));

    [JSInvokable]
    public Task FrameShown(string id, int width, int height, double seconds, double moment) => Raise(() =>
    {
        if (id == PreviewId && width > 0 && height > 0)
        {
            FrameWidth = width;
            FrameHeight = height;
            FrameSeconds = double.IsFinite(seconds) && seconds > 0 ? seconds : 0;
            FrameMoment = double.IsFinite(moment) ? Math.Clamp(moment, 0, FrameSeconds) : 0;
        }
    });

    [JSInvokable]
    public Task FrameFailed(string id) => Raise(() =>
    {
        if (Queue.Find(id) is { } item)
        {
            item.Warning = "Your browser cannot play this file: it may be broken. The worker will say for sure.";
        }

        if (id == PreviewId)
        {
            // The browser cannot decode this one (some .mkv, .mov): the sample frame stands in; ffmpeg will still take it.
            ShowSampleFrame();
        }
    });

    /// <summary>The browser read the file's first frames: its thumbnail, length and size show in its row.</summary>
    [JSInvokable]
    public Task FileFacts(string id, string thumbnail, double seconds, int width, int height) =>
        Raise(() => Queue.Facts(id, LocalVideoFacts.Checked(thumbnail, seconds, width, height)));

    [JSInvokable]
    public Task UploadStarted(string id, string jobId) => Raise(() => Queue.Started(id, jobId));

    /// <summary>The same file picked again (or retried) goes on with its interrupted upload's job and parts.</summary>
    [JSInvokable]
    public Task UploadResumed(string id, string jobId, int heldParts, int partCount) => Raise(() => Queue.Resumed(id, jobId, heldParts, partCount));

    [JSInvokable]
    public Task ResumeRefused(string id, string message, bool startingOver) => Raise(() => Queue.ResumeRefused(id, message, startingOver));

    /// <summary>The upload is a batch: its page and its jobs, one per recipient, in their order.</summary>
    [JSInvokable]
    public Task BatchStarted(string id, string batchId, string[] jobIds) => Raise(() => Queue.BatchStarted(id, batchId, jobIds));

    [JSInvokable]
    public Task UploadProgress(string id, long sent, long total, double bytesPerSecond) => Raise(() => Queue.Progress(id, sent, bytesPerSecond));

    [JSInvokable]
    public Task UploadFinished(string id, string jobId) => Raise(() => Queue.Finished(id, jobId));

    /// <summary>The upload ended without its video going up; <paramref name="recipient"/> is the row a refused batch names.</summary>
    [JSInvokable]
    public Task UploadFailed(string id, string message, bool cancelled, int? recipient) => Raise(() => Queue.Failed(id, message, cancelled, recipient));

    public void Preview(string clientId) => PreviewId = clientId;

    public void ShowSampleFrame()
    {
        PreviewId = null;
        FrameWidth = SampleFrame.Width;
        FrameHeight = SampleFrame.Height;
        FrameSeconds = 0;
        FrameMoment = 0;
    }

    /// <summary>Shows another moment of the previewed video in its &lt;video&gt;.</summary>
    public async Task SeekPreviewAsync(ElementReference video, double seconds)
    {
        if (PreviewId is null || FrameSeconds <= 0)
        {
            return;
        }

        FrameMoment = Math.Clamp(seconds, 0, FrameSeconds);
        await Bridge.SeekAsync(video, FrameMoment);
    }

    public async Task StartAsync(UploadItem item, string watermark)
    {
        if (!Bridge.IsReady)
        {
            return;
        }

        UploadQueue.Begin(item);
        Changed?.Invoke();
        await Bridge.StartAsync(item.ClientId, watermark, Spec);
    }

    /// <summary>
    /// Sends the file with the chosen template's version and variables instead of the single image, or with the
    /// recipients' values: one upload, a batch of one copy per recipient.
    /// </summary>
    public async Task StartWithTemplateAsync(UploadItem item)
    {
        if (!Bridge.IsReady || Template.Chosen is not { } chosen)
        {
            return;
        }

        UploadQueue.Begin(item);
        Changed?.Invoke();
        if (Template.Recipients.On)
        {
            item.RecipientLines = [.. Template.Recipients.List.Rows.Select(r => r.Line)];
            await Bridge.StartAsync(item.ClientId, chosen.Name, chosen.Version, Template.Recipients.List.Values());
        }
        else
        {
            await Bridge.StartAsync(item.ClientId, chosen.Name, chosen.Version, Template.VariableValues());
        }
    }

    public Task CancelAsync(UploadItem item) => Bridge.CancelAsync(item.ClientId);

    public async Task RemoveAsync(UploadItem item)
    {
        Queue.Remove(item);
        await Bridge.RemoveAsync(item.ClientId);
        if (item.ClientId == PreviewId)
        {
            ShowSampleFrame();
        }

        Changed?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        await Bridge.DisposeAsync();
        self?.Dispose();
    }

    /// <summary>For a container disposed synchronously (the prerendering request's, a test's): no browser to tell.</summary>
    public void Dispose() => self?.Dispose();

    private Task Raise(Action change)
    {
        change();
        Changed?.Invoke();
        return Task.CompletedTask;
    }
}
