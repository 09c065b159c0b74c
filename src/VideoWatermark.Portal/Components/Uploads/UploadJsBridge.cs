using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>
/// The calls into <c>wwwroot/js/upload.js</c>, which owns the browser's File objects and the requests for the whole
/// tab. The module reports back through the <c>[JSInvokable]</c> methods of the object given to <see cref="InitAsync"/>.
/// </summary>
public sealed class UploadJsBridge(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    /// <summary>False until a component has rendered in a browser (never while prerendering).</summary>
    public bool IsReady => module is not null;

    public async Task InitAsync<TReceiver>(DotNetObjectReference<TReceiver> receiver, IReadOnlyList<string> extensions, long maxBytes)
        where TReceiver : class
    {
        var imported = await js.InvokeAsync<IJSObjectReference>("import", "./js/upload.js");
        await imported.InvokeVoidAsync("init", receiver, new { extensions, maxBytes });
        module = imported;
    }

    /// <summary>The upload page is shown: files chosen or dropped on its elements join the tab's uploads.</summary>
    public async Task AttachAsync(ElementReference dropzone, ElementReference input)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("attach", dropzone, input);
        }
    }

    /// <summary>The upload page is left; its uploads go on.</summary>
    public async Task DetachAsync()
    {
        if (module is null)
        {
            return;
        }

        try
        {
            await module.InvokeVoidAsync("detach");
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone; so are its elements.
        }
    }

    /// <summary>Points the preview's &lt;video&gt; at the local file; the module answers with FrameShown or FrameFailed.</summary>
    public async Task ShowFrameAsync(string clientId, ElementReference video)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("showFrame", clientId, video);
        }
    }

    /// <summary>Shows the moment <paramref name="seconds"/> of the file the preview's &lt;video&gt; plays.</summary>
    public async Task SeekAsync(ElementReference video, double seconds)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("seekFrame", video, seconds);
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

    public async Task StartAsync(string clientId, string template, int templateVersion, IReadOnlyDictionary<string, string> variables)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("start", clientId, new { template, templateVersion, variables });
        }
    }

    /// <summary>One upload for a batch: the module announces it with the recipients, each a copy with its own values.</summary>
    public async Task StartAsync(string clientId, string template, int templateVersion, IReadOnlyList<IReadOnlyDictionary<string, string>> recipients)
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("start", clientId, new { template, templateVersion, recipients });
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
