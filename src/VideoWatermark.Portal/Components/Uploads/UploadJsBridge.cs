using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>
/// The page's calls into <c>wwwroot/js/upload.js</c>, which owns the browser's File objects and the requests. The
/// module reports back through the <c>[JSInvokable]</c> methods of the object given to <see cref="InitAsync"/>.
/// </summary>
public sealed class UploadJsBridge(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    /// <summary>False until the page has rendered in a browser (never while prerendering).</summary>
    public bool IsReady => module is not null;

    public async Task InitAsync<TPage>(
        ElementReference dropzone, ElementReference input, DotNetObjectReference<TPage> page, IReadOnlyList<string> extensions, long maxBytes)
        where TPage : class
    {
        module = await js.InvokeAsync<IJSObjectReference>("import", "./js/upload.js");
        await module.InvokeVoidAsync("init", dropzone, input, page, new { extensions, maxBytes });
    }

    /// <summary>Points the preview's &lt;video&gt; at the local file; the module answers with FrameShown or FrameFailed.</summary>
    public async Task ShowFrameAsync(string clientId, ElementReference video)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("showFrame", clientId, video);
        }
    }

    public async Task StartAsync(string clientId, string watermark, WatermarkSpec spec)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("start", clientId, new
            {
                watermark,
                placement = new { position = spec.Position.ToName(), margin = spec.Margin, scale = spec.Scale, opacity = spec.Opacity },
            });
        }
    }

    public async Task CancelAsync(string clientId)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("cancel", clientId);
        }
    }

    public async Task RemoveAsync(string clientId)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("remove", clientId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is null)
        {
            return;
        }

        try
        {
            await module.InvokeVoidAsync("dispose");
            await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the browser tab; the module went with it.
        }
    }
}
