using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;
using VideoWatermark.Core.Errors;
using VideoWatermark.Portal.Auth;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Pages;

public partial class Watermarks : IDisposable
{
    [Inject] private WatermarkLibrary Library { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private IOptions<PortalOptions> Options { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private IReadOnlyList<WatermarkInfo> items = [];
    private string? error;
    private bool busy;

    // Set once the file input under "Add watermark" listens for a chosen file; see OnAfterRenderAsync.
    private bool ready;

    /// <summary>
    /// The watermark a delete is asked or running for. While set, every delete button is disabled: a second click of a
    /// double-click would otherwise land on the card that slid under the cursor and delete that one too.
    /// </summary>
    private WatermarkInfo? deleting;

    // Deleting a watermark is an admin action.
    private bool admin;

    // The library below shows what was added; MudFileUpload's own chip list would only repeat it.
    private static readonly RenderFragment<IBrowserFile?> NoSelection = _ => _ => { };

    protected override async Task OnInitializedAsync()
    {
        Library.Changed += OnLibraryChanged;
        admin = PortalUser.IsAdmin(await PortalUser.OfAsync(AuthState));
        items = await Library.ListAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // The file input starts listening in its own first after-render call, which comes after this one. Yielding lets
        // that call go out to the browser first, so the render that says "ready" arrives after it: a file chosen before
        // then would be dropped without a word.
        await Task.Yield();
        ready = true;
        StateHasChanged();
    }

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        busy = true;
        error = null;
        try
        {
            if (file.Size > Options.Value.MaxWatermarkBytes)
            {
                throw new TooLargeException($"'{file.Name}' is {Bytes.Format(file.Size)}; watermarks are limited to {Bytes.Format(Options.Value.MaxWatermarkBytes)}.");
            }

            await using var stream = file.OpenReadStream(Options.Value.MaxWatermarkBytes);
            var added = await Library.UploadAsync(file.Name, stream, file.Size);
            Snackbar.Add($"Added {added.Name} ({added.Width}×{added.Height}).", Severity.Success);
        }
        catch (RefusedException ex)
        {
            error = ex.Message;
        }
        finally
        {
            busy = false;
        }

        items = await Library.ListAsync();
    }

    /// <summary>What placement applies to: the box of the visible pixels, within the whole image.</summary>
    private static string VisibleText(WatermarkInfo w) =>
        w.Visible is { } v ? $"visible {v.Width}×{v.Height} of {w.Width}×{w.Height}" : "visible part not known: placed whole";

    private async Task SetDefaultAsync(WatermarkInfo w) => await Run(() => Library.SetDefaultAsync(w.Key), $"{w.Name} is the default now.");

    private async Task DeleteAsync(WatermarkInfo w)
    {
        if (deleting is not null)
        {
            return;
        }

        deleting = w;
        try
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                "Delete watermark?",
                $"Delete {w.Name}? Jobs that already used it keep their output; new uploads can no longer choose it.",
                yesText: "Delete", cancelText: "Keep it");
            if (confirmed == true)
            {
                await Run(
                    () => admin ? Library.DeleteAsync(w.Key) : throw new NotAllowedException("Only an admin can delete a watermark."),
                    $"Deleted {w.Name}.");
            }
        }
        finally
        {
            deleting = null;
        }
    }

    private async Task Run(Func<Task> action, string done)
    {
        error = null;
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (RefusedException ex)
        {
            error = ex.Message;
        }

        items = await Library.ListAsync();
    }

    private void OnLibraryChanged() => _ = InvokeAsync(async () =>
    {
        items = await Library.ListAsync();
        StateHasChanged();
    });

    public void Dispose() => Library.Changed -= OnLibraryChanged;
}
