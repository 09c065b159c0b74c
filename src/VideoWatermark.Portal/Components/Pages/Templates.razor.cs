using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Components.TemplateEditing;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

/// <summary>
/// The template editor: saved templates on one side, the one being edited on the other, with its layers, the selected
/// layer's properties and the preview. Saving writes a new version; the API's validation is the page's. Templates and
/// watermarks saved or deleted in another tab show up in its lists; the template being edited stays as it is.
/// </summary>
public partial class Templates : IDisposable
{
    private IReadOnlyList<StoredTemplate> templates = [];
    private IReadOnlyList<WatermarkInfo> watermarks = [];
    private TemplateDraft? draft;
    private WatermarkTemplate snapshot = new();
    private int revision;
    private string? error;
    private string? listError;
    private bool saving;
    private bool admin;

    /// <summary>
    /// False until the templates and the watermark library are read: a new template opened before then would offer no
    /// image to add.
    /// </summary>
    private bool loaded;

    /// <summary>The template a delete is asked or running for; see <see cref="TemplateList.Busy"/>.</summary>
    private StoredTemplate? deleting;

    [Inject] private TemplateLibrary Library { get; set; } = default!;

    [Inject] private WatermarkLibrary Watermarks { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Library.Changed += OnLibraryChanged;
        Watermarks.Changed += OnLibraryChanged;
        admin = PortalUser.IsAdmin(await PortalUser.OfAsync(AuthState));
        templates = await Library.ListAsync();
        watermarks = await Watermarks.ListAsync();
        loaded = true;
    }

    public void Dispose()
    {
        Library.Changed -= OnLibraryChanged;
        Watermarks.Changed -= OnLibraryChanged;
        GC.SuppressFinalize(this);
    }

    private void OnLibraryChanged() => _ = InvokeAsync(async () =>
    {
        templates = await Library.ListAsync();
        watermarks = await Watermarks.ListAsync();
        StateHasChanged();
    });

    private void NewTemplate() => Open(TemplateDraft.New());

    private void Edit(StoredTemplate stored) => Open(TemplateDraft.From(stored));

    private void Open(TemplateDraft opened)
    {
        draft = opened;
        error = null;
        Changed();
    }

    /// <summary>Any edit: the preview gets a fresh copy of the draft to draw.</summary>
    private void Changed()
    {
        snapshot = draft?.ToTemplate() ?? new WatermarkTemplate();
        revision++;
    }

    /// <summary>A layer's box clicked on the preview: the properties panel shows it; nothing is drawn again.</summary>
    private void SelectLayer(int index) => draft?.Select(index);

    /// <summary>A layer's box moved or sized on the preview: that layer is selected and changed, and drawn again.</summary>
    private void Dragged(LayerDrag drag)
    {
        if (draft is null || drag.Index < 0 || drag.Index >= draft.Layers.Count)
        {
            return;
        }

        draft.Select(drag.Index);
        drag.Apply(draft.Layers[drag.Index]);
        Changed();
    }

    private void AddText()
    {
        draft?.AddText();
        Changed();
    }

    private void AddImage()
    {
        if ((watermarks.FirstOrDefault(w => w.IsDefault) ?? watermarks.FirstOrDefault()) is { } image)
        {
            draft?.AddImage(image.Name);
            Changed();
        }
    }

    private async Task SaveAsync()
    {
        if (draft is null)
        {
            return;
        }

        saving = true;
        try
        {
            var saved = await Library.SaveAsync(draft.ToTemplate());
            draft.Saved(saved);
            error = null;
            Snackbar.Add($"Saved {saved.Name} as version {saved.Version}.", Severity.Success);
            templates = await Library.ListAsync();
        }
        catch (RefusedException e)
        {
            error = e.Message;
        }
        finally
        {
            saving = false;
        }
    }

    private async Task DeleteAsync(StoredTemplate stored)
    {
        if (deleting is not null)
        {
            return;
        }

        deleting = stored;
        listError = null;
        try
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                "Delete template?",
                $"Delete the template {stored.Name} and every version of it? Finished jobs keep their output; new uploads can no longer choose it.",
                yesText: "Delete", cancelText: "Keep it");
            if (confirmed != true)
            {
                return;
            }

            if (!admin)
            {
                throw new NotAllowedException("Only an admin can delete a template.");
            }

            await Library.DeleteAsync(stored.Name);
            Snackbar.Add($"Deleted {stored.Name}.", Severity.Success);
            if (draft?.Name == stored.Name)
            {
                draft = null;
            }
        }
        catch (RefusedException e)
        {
            listError = e.Message;
        }
        finally
        {
            deleting = null;
        }

        templates = await Library.ListAsync();
    }
}
