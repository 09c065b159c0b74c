using VideoWatermark.Core.Templates;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Portal.Components.TemplateEditing;

/// <summary>
/// The template being edited: its name, its layers in drawing order and the one selected in the properties panel.
/// It holds its own copies, so editing never changes a saved version's object, and <see cref="ToTemplate"/> hands out
/// another copy to save or preview.
/// </summary>
public sealed class TemplateDraft
{
    private readonly List<TemplateLayer> layers;

    private TemplateDraft(string name, IEnumerable<TemplateLayer> layers, int? version)
    {
        Name = name;
        this.layers = layers.Select(Copy).ToList();
        Version = version;
        Selected = this.layers.Count > 0 ? 0 : -1;
    }

    /// <summary>Null when the field is cleared (MudBlazor's text fields give null for empty).</summary>
    public string? Name { get; set; }

    /// <summary>The saved version this draft started from or was last saved as; null for a new template.</summary>
    public int? Version { get; private set; }

    public IReadOnlyList<TemplateLayer> Layers => layers;

    /// <summary>The index of the layer the properties panel shows; -1 when there is none.</summary>
    public int Selected { get; private set; }

    public TemplateLayer? SelectedLayer => Selected >= 0 && Selected < layers.Count ? layers[Selected] : null;

    public static TemplateDraft New() => new("", [], null);

    public static TemplateDraft From(StoredTemplate stored) => new(stored.Name, stored.Template.Layers, stored.Version);

    /// <summary>A text layer at the bottom-left, as most screeners put the recipient's name.</summary>
    public void AddText() => Add(new TemplateLayer { Type = LayerType.Text, Text = "For {recipient}", Position = Anchor.BottomLeft, Margin = 0.04, Opacity = 0.8 });

    /// <summary>An image layer at the top-right, a logo's usual corner.</summary>
    public void AddImage(string image) => Add(new TemplateLayer { Type = LayerType.Image, Image = image, Position = Anchor.TopRight, Margin = 0.03, Scale = 0.15, Opacity = 0.8 });

    public void Select(int index) => Selected = index >= 0 && index < layers.Count ? index : Selected;

    public void Remove(int index)
    {
        if (index < 0 || index >= layers.Count)
        {
            return;
        }

        layers.RemoveAt(index);
        Selected = Math.Min(Selected, layers.Count - 1);
    }

    /// <summary>Moves a layer one step earlier in drawing order (further under the others); the selection follows it.</summary>
    public void MoveUp(int index) => Swap(index, index - 1);

    public void MoveDown(int index) => Swap(index, index + 1);

    public void Saved(StoredTemplate stored)
    {
        Name = stored.Name;
        Version = stored.Version;
    }

    public WatermarkTemplate ToTemplate() => new() { Name = Name?.Trim() ?? "", Layers = layers.Select(Copy).ToList() };

    private void Add(TemplateLayer layer)
    {
        layers.Add(layer);
        Selected = layers.Count - 1;
    }

    private void Swap(int from, int to)
    {
        if (from < 0 || to < 0 || from >= layers.Count || to >= layers.Count)
        {
            return;
        }

        (layers[from], layers[to]) = (layers[to], layers[from]);
        Selected = Selected == from ? to : Selected == to ? from : Selected;
    }

    // Motion and repeat are records with setters too: a copy of the layer alone would still share them.
    private static TemplateLayer Copy(TemplateLayer layer) => layer with
    {
        Motion = layer.Motion is null ? null : layer.Motion with { },
        Repeat = layer.Repeat is null ? null : layer.Repeat with { },
    };
}
