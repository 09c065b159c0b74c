using Microsoft.AspNetCore.Components;
using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Components.Shared;

/// <summary>
/// One copy of a batch. It draws again only when its own row changed: a batch page re-rendered for one copy's progress
/// leaves the other rows it shows alone (a row is a record, so an unchanged one compares equal).
/// </summary>
public partial class BatchRow
{
    private BatchRowView? drawn;
    private bool changed = true;

    [Parameter, EditorRequired] public BatchRowView Row { get; set; } = default!;

    private string Name => string.IsNullOrEmpty(Row.Recipient) ? $"Recipient {Row.Row}" : Row.Recipient;

    protected override void OnParametersSet()
    {
        changed = !Equals(drawn, Row);
        drawn = Row;
    }

    protected override bool ShouldRender() => changed;
}
