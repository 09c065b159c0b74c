using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>
/// The upload page's "copies for recipients": the CSV as pasted or read from a file, its recipients or its problems
/// (read again for the chosen template's variables), and the row whose copy the preview shows. Part of the tab's
/// <see cref="TemplateSelection"/>, so leaving the page forgets nothing.
/// </summary>
public sealed class RecipientSelection(int maxRecipients)
{
    private IReadOnlyCollection<string> variables = [];

    /// <summary>Each file goes up once and becomes one copy per recipient (a batch), instead of one watermarked copy.</summary>
    public bool On { get; set; }

    public string Text { get; private set; } = "";

    /// <summary>The file the text was read from; null when it was typed or pasted.</summary>
    public string? FileName { get; private set; }

    public RecipientList List { get; private set; } = RecipientList.Empty;

    public int MaxRecipients => maxRecipients;

    /// <summary>The row (0-based, among <see cref="RecipientList.Rows"/>) whose copy the preview shows.</summary>
    public int Picked { get; private set; }

    public RecipientRow? PickedRow => Picked < List.Rows.Count ? List.Rows[Picked] : null;

    /// <summary>Whether there is anything to read yet: no problems are shown for an empty box.</summary>
    public bool HasText => !string.IsNullOrWhiteSpace(Text);

    /// <summary>Why the files cannot go up with these recipients yet, or null.</summary>
    public string? Problem => !HasText
        ? "Paste the recipients' CSV or choose its file: the first line names the columns, each line after it is one recipient."
        : List.Problems.Count > 0
            ? $"Fix the recipients' CSV first: {(List.Problems.Count == 1 ? "a problem is" : $"{List.Problems.Count} problems are")} listed under it."
            : null;

    public void SetText(string? text, string? fileName = null)
    {
        // A byte-order mark is no part of the first column's name, and would show in the box.
        Text = (text ?? "").TrimStart('\uFEFF');
        FileName = fileName;
        Picked = 0;
        Read();
    }

    /// <summary>The template chosen, or saved again with other variables: the same text is read for them.</summary>
    public void UseVariables(IReadOnlyCollection<string> names)
    {
        variables = names;
        Read();
    }

    public void Pick(int row) => Picked = Math.Clamp(row, 0, Math.Max(0, List.Rows.Count - 1));

    private void Read()
    {
        List = HasText ? RecipientCsv.Parse(Text, variables, maxRecipients) : RecipientList.Empty;
        Pick(Picked);
    }
}
