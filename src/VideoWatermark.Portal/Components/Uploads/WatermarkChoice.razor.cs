using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Uploads;

public partial class WatermarkChoice
{
    private IReadOnlyList<StoredTemplate> templates = [];

    [Inject] private TemplateLibrary Library { get; set; } = default!;

    [Parameter, EditorRequired] public TemplateSelection Selection { get; set; } = default!;

    /// <summary>The choice changed: the page re-renders what depends on it (its image controls, the upload button).</summary>
    [Parameter] public EventCallback Changed { get; set; }

    protected override async Task OnInitializedAsync()
    {
        templates = await Library.ListAsync();
        Selection.Refresh(templates);
        if (Selection.Chosen is null && templates.Count == 1)
        {
            Selection.Choose(templates[0]);
        }
    }

    private Task UseTemplateAsync(bool use)
    {
        Selection.UseTemplate = use;
        return Changed.InvokeAsync();
    }

    private Task ChooseAsync(string name)
    {
        Selection.Choose(templates.FirstOrDefault(t => t.Name == name));
        return Changed.InvokeAsync();
    }

    private Task SetAsync(string variable, string? value)
    {
        Selection.Set(variable, value);
        return Changed.InvokeAsync();
    }
}
