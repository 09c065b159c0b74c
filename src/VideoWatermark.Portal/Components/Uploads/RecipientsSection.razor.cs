using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Services;
using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Components.Uploads;

public partial class RecipientsSection
{
    /// <summary>Rows the table lists; the field under it picks any row for the preview.</summary>
    public const int ShownRows = 10;

    /// <summary>A thousand recipients with a few long columns each; a larger file is not a recipient list.</summary>
    public const long MaxFileBytes = 2 * 1024 * 1024;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The file chooser lists nothing itself: the table below shows what was read.
    private static readonly RenderFragment<IBrowserFile?> NoSelection = _ => _ => { };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Bumped whenever the copy to draw changes (row, text or template), which the preview redraws on.</summary>
    private int previewRevision;
    private string? previewKey;
    private string? fileProblem;

    [Parameter, EditorRequired] public TemplateSelection Selection { get; set; } = default!;

    /// <summary>The recipients changed: the page re-renders what depends on them (the upload button, the problem).</summary>
    [Parameter] public EventCallback Changed { get; set; }

    private RecipientSelection Recipients => Selection.Recipients;

    private RecipientList List => Recipients.List;

    private string ColumnHint => Selection.Variables.Count == 0
        ? "any names"
        : string.Join(", ", Selection.Variables.Select(v => "{" + v + "}")) + ", and any others";

    private string Placeholder => Selection.Variables.Count == 0
        ? "recipient\nAna Díaz"
        : string.Join(",", Selection.Variables) + "\n" + string.Join(",", Selection.Variables.Select(Example));

    protected override void OnParametersSet()
    {
        // The preview draws again only when what it shows changed: another row, other values, another version.
        var key = Recipients.PickedRow is { } row && Selection.Chosen is { } chosen
            ? $"{chosen.Name}\n{chosen.Version}\n{string.Join("\n", row.Values.Select(v => v.Key + "=" + v.Value))}"
            : null;
        if (key != previewKey)
        {
            previewKey = key;
            previewRevision++;
        }
    }

    private static string Example(string variable) => variable switch
    {
        TemplateTokens.Recipient => "Ana Díaz",
        TemplateTokens.Email => "ana@example.com",
        _ => variable,
    };

    private Task TurnAsync(bool on)
    {
        Selection.UseRecipients(on);
        return ChangedAsync();
    }

    private Task PasteAsync(string? text)
    {
        fileProblem = null;
        Recipients.SetText(text);
        return ChangedAsync();
    }

    private async Task ReadFileAsync(IBrowserFile? file)
    {
        if (file is null)
        {
            return;
        }

        fileProblem = null;
        if (file.Size > MaxFileBytes)
        {
            fileProblem = $"'{file.Name}' is {Bytes.Format(file.Size)}; a recipients' CSV may be up to {Bytes.Format(MaxFileBytes)}.";
            return;
        }

        try
        {
            // UTF-8 only, its byte-order mark dropped; anything else is named rather than read as the wrong characters.
            await using var stream = file.OpenReadStream(MaxFileBytes);
            using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false);
            Recipients.SetText(await reader.ReadToEndAsync(), file.Name);
        }
        catch (DecoderFallbackException)
        {
            fileProblem = $"'{file.Name}' is not UTF-8 text: save it from the spreadsheet as \"CSV UTF-8\".";
            return;
        }

        await ChangedAsync();
    }

    private Task PickAsync(int row)
    {
        Recipients.Pick(row);
        return ChangedAsync();
    }

    private async Task ChangedAsync()
    {
        Selection.RecipientsChanged();
        OnParametersSet();
        await Changed.InvokeAsync();
    }
}
