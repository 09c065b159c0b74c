using System.Globalization;
using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.TemplateEditing;

public partial class LayerProperties
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The draft's own layer, edited in place; <see cref="Changed"/> tells the editor after each edit.</summary>
    [Parameter, EditorRequired] public TemplateLayer Layer { get; set; } = default!;

    [Parameter] public IReadOnlyList<WatermarkInfo> Watermarks { get; set; } = [];

    [Parameter] public EventCallback Changed { get; set; }

    private static string Percent(double value) => value.ToString("0.#%", Invariant);

    private Task NotifyAsync() => Changed.InvokeAsync();

    private Task SetImageAsync(string image)
    {
        Layer.Image = image;
        return NotifyAsync();
    }

    private Task SetBoxAsync(string? box)
    {
        Layer.Box = string.IsNullOrWhiteSpace(box) ? null : box.Trim();
        return NotifyAsync();
    }

    private Task PlaceAsync(string choice)
    {
        Layer.Place(choice);
        return NotifyAsync();
    }

    private Task SetXAsync(double x)
    {
        Layer.X = x;
        return NotifyAsync();
    }

    private Task SetYAsync(double y)
    {
        Layer.Y = y;
        return NotifyAsync();
    }

    private Task RepeatAsync(bool repeats)
    {
        Layer.Repeats(repeats);
        return NotifyAsync();
    }

    private Task MoveAsync(MotionKind kind)
    {
        Layer.Move(kind);
        return NotifyAsync();
    }

    private Task TileAsync(bool tiles)
    {
        Layer.Tiles(tiles);
        return NotifyAsync();
    }
}
