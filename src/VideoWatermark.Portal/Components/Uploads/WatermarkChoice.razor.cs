using Microsoft.AspNetCore.Components;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Uploads;

public partial class WatermarkChoice : IDisposable
{
    private IReadOnlyList<StoredTemplate> templates = [];

    [Inject] private TemplateLibrary Library { get; set; } = default!;

    [Parameter, EditorRequired] public TemplateSelection Selection { get; set; } = default!;

    /// <summary>Whether a template may make one copy per recipient of a CSV (an upload) or one job only (run again).</summary>
    [Parameter] public bool OffersRecipients { get; set; }

    /// <summary>The choice changed: the page re-renders what depends on it (its image controls, the upload button).</summary>
    [Parameter] public EventCallback Changed { get; set; }

    public void Dispose()
    {
        Library.Changed -= OnTemplatesChanged;
        GC.SuppressFinalize(this);
    }

    protected override async Task OnInitializedAsync()
    {
        Library.Changed += OnTemplatesChanged;
        await LoadAsync();
    }

    /// <summary>The saved templates as they are now; the only one is chosen when nothing is.</summary>
    private async Task LoadAsync()
    {
        templates = await Library.ListAsync();
        Selection.Refresh(templates);
        if (Selection.Chosen is null && templates.Count == 1)
        {
            Selection.Choose(templates[0]);
        }
    }

    // A template saved or deleted in another tab: the list follows, a deleted choice is dropped and a chosen one that
    // got a new version moves to it (what the list shows is what the files render); the page re-renders the button.
    private void OnTemplatesChanged() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        await Changed.InvokeAsync();
        StateHasChanged();
    });

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
