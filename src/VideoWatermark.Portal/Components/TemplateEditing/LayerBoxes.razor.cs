using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Portal.Components.TemplateEditing;

public partial class LayerBoxes : IAsyncDisposable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private ElementReference surface;
    private IJSObjectReference? module;
    private DotNetObjectReference<LayerBoxes>? self;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The layers the boxes stand for, in drawing order: those the preview drew.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<TemplateLayer> Layers { get; set; } = [];

    /// <summary>Each layer's box in the frame's pixels, null for one that is tiled or moves; empty to show none.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<LayerBox?> Boxes { get; set; } = [];

    [Parameter, EditorRequired] public int FrameWidth { get; set; }

    [Parameter, EditorRequired] public int FrameHeight { get; set; }

    /// <summary>The layer selected in the editor: its box has the corner that sizes it.</summary>
    [Parameter] public int Selected { get; set; } = -1;

    [Parameter] public EventCallback<int> OnSelect { get; set; }

    [Parameter] public EventCallback<LayerDrag> OnDragged { get; set; }

    /// <summary>The boxes there are layers for (an edit may have removed some since the frame was drawn).</summary>
    private IReadOnlyList<LayerBox?> Shown => Boxes.Count <= Layers.Count ? Boxes : [.. Boxes.Take(Layers.Count)];

    /// <summary>The browser module let go of box <paramref name="index"/> with its top-left corner there (shares of the frame).</summary>
    [JSInvokable]
    public Task Moved(int index, double left, double top) =>
        BoxAt(index) is { } box && double.IsFinite(left) && double.IsFinite(top)
            ? OnDragged.InvokeAsync(new LayerMoved(index, box, FrameWidth, FrameHeight, left, top))
            : Task.CompletedTask;

    /// <summary>The browser module let go of box <paramref name="index"/>'s corner with the box <paramref name="factor"/> times as large.</summary>
    [JSInvokable]
    public Task Resized(int index, double factor) =>
        BoxAt(index) is { } box && double.IsFinite(factor) && factor > 0
            ? OnDragged.InvokeAsync(new LayerResized(index, box, factor))
            : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (module is not null)
            {
                await module.InvokeVoidAsync("detach", surface);
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone, and its elements and listeners with it.
        }

        self?.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/layer-drag.js");
            await module.InvokeVoidAsync("attach", surface, self);
        }
    }

    private static string Share(int pixels, int of) => ((double)pixels / of).ToString("0.#####", Invariant);

    private static string Percent(int pixels, int of) => (100.0 * pixels / of).ToString("0.###", Invariant) + "%";

    private LayerBox? BoxAt(int index) => index >= 0 && index < Shown.Count ? Shown[index] : null;

    private string Style(LayerBox box) =>
        $"left:{Percent(box.X, FrameWidth)};top:{Percent(box.Y, FrameHeight)};width:{Percent(box.Width, FrameWidth)};height:{Percent(box.Height, FrameHeight)}";

    /// <summary>What a screen reader says for the box: the layer's number and what it draws, as the layer list shows it.</summary>
    private string Name(int index)
    {
        var layer = Layers[index];
        return $"Layer {index + 1}: {layer.Type.ToString().ToLowerInvariant()} {LayerList.Label(layer)}";
    }

    private string Spots(int index, LayerBox box) => LayerSnap.Format(LayerSnap.Spots(Layers[index].Margin, box, FrameWidth, FrameHeight));

    private Task SelectAsync(int index) => index == Selected ? Task.CompletedTask : OnSelect.InvokeAsync(index);
}
