using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using VideoWatermark.Core;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Portal.Components.Uploads;
using VideoWatermark.Portal.Services;

namespace VideoWatermark.Portal.Components.Shared;

/// <summary>
/// The job page's "Run again": the upload page's choice (an image with its placement, or a template and its
/// variables), starting from what the job used; confirming creates the new job and opens its page.
/// </summary>
public partial class RunAgainPanel
{
    private readonly TemplateSelection selection = new();
    private IReadOnlyList<WatermarkInfo> watermarks = [];
    private WatermarkSpec spec = new();
    private bool starting;

    [Inject] private JobActions Actions { get; set; } = default!;

    [Inject] private WatermarkLibrary Library { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired] public Job Job { get; set; } = default!;

    [Parameter, EditorRequired] public ClaimsPrincipal User { get; set; } = default!;

    /// <summary>The user kept the job as it is.</summary>
    [Parameter] public EventCallback Closed { get; set; }

    protected override async Task OnInitializedAsync()
    {
        watermarks = await Library.ListAsync();
        // The job's own placement is the likeliest starting point; its image only if it is still in the library.
        var image = watermarks.Any(w => w.Key == Job.Watermark.Image) ? Job.Watermark.Image
            : watermarks.FirstOrDefault(w => w.IsDefault)?.Key ?? watermarks.FirstOrDefault()?.Key ?? Job.Watermark.Image;
        spec = Job.Watermark with { Image = image };
        selection.UseTemplate = Job.Template is not null;
    }

    private void ChooseImage(string key) => spec = spec with { Image = key };

    private void ChangeSpec(WatermarkSpec changed) => spec = changed;

    private async Task StartAsync()
    {
        if (starting || (selection.UseTemplate && !selection.Ready()))
        {
            return;
        }

        starting = true;
        try
        {
            var created = await Actions.RunAgainAsync(Job.Id, Request(), User);
            Snackbar.Add($"Started a new job for {created.FileName}.", Severity.Success);
            Navigation.NavigateTo($"jobs/{created.Id}");
        }
        catch (RefusedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            starting = false;
        }
    }

    private RunAgainRequest Request() => selection.UseTemplate
        ? new RunAgainRequest(Template: selection.Chosen!.Name, TemplateVersion: selection.Chosen.Version, Variables: selection.VariableValues())
        : new RunAgainRequest(ObjectKeys.FileName(spec.Image), new PlacementRequest(spec.Position.ToName(), spec.Margin, spec.Scale, spec.Opacity));
}
