using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Portal.Components.TemplateEditing;

public partial class LayerList
{
    private const int LabelLength = 40;

    [Parameter, EditorRequired] public TemplateDraft Draft { get; set; } = default!;

    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>A layer's line: what it draws, shortened so a long text does not widen the list.</summary>
    internal static string Label(TemplateLayer layer)
    {
        var what = layer.Type == LayerType.Image ? layer.Image ?? "(no image)" : $"“{layer.Text}”";
        return what.Length <= LabelLength ? what : what[..(LabelLength - 1)] + "…";
    }

    private Task SelectAsync(int index)
    {
        Draft.Select(index);
        return Changed.InvokeAsync();
    }

    private Task MoveUpAsync(int index)
    {
        Draft.MoveUp(index);
        return Changed.InvokeAsync();
    }

    private Task MoveDownAsync(int index)
    {
        Draft.MoveDown(index);
        return Changed.InvokeAsync();
    }

    private Task RemoveAsync(int index)
    {
        Draft.Remove(index);
        return Changed.InvokeAsync();
    }
}
