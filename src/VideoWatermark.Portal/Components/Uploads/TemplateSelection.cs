using VideoWatermark.Core.Templates;

namespace VideoWatermark.Portal.Components.Uploads;

/// <summary>
/// The upload page's choice of a saved template instead of a single image, and the values of its variables. Kept in
/// the tab's <see cref="UploadSession"/> with the other settings, so leaving the page forgets nothing.
/// </summary>
public sealed class TemplateSelection(int maxRecipients = 0)
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    /// <summary>One copy per recipient of a CSV instead of the values typed here (on the upload page only).</summary>
    public RecipientSelection Recipients { get; } = new(maxRecipients);

    public bool UseTemplate { get; set; }

    /// <summary>The version shown when it was chosen: the one every upload from here renders.</summary>
    public StoredTemplate? Chosen { get; private set; }

    /// <summary>The tokens the chosen template's text needs from the uploader.</summary>
    public IReadOnlyList<string> Variables => Chosen?.Template.Variables() ?? [];

    /// <summary>Why the files cannot go up with this choice yet; set by <see cref="Ready"/>, cleared as it is fixed.</summary>
    public string? Problem { get; private set; }

    public void Choose(StoredTemplate? template)
    {
        Chosen = template;
        Problem = null;
        Recipients.UseVariables(Variables);
    }

    /// <summary>Copies for the recipients of a CSV, or one copy with the values typed here.</summary>
    public void UseRecipients(bool on)
    {
        Recipients.On = on;
        Problem = null;
    }

    /// <summary>The recipients' CSV changed: a problem shown before is checked again.</summary>
    public void RecipientsChanged()
    {
        if (Problem is not null)
        {
            Problem = Missing();
        }
    }

    public string Value(string variable) => values.GetValueOrDefault(variable, "");

    public void Set(string variable, string? value)
    {
        values[variable] = value ?? "";
        if (Problem is not null)
        {
            Problem = Missing();
        }
    }

    /// <summary>Checked before any file goes up: a template is chosen and every variable has a value (every recipient's, with recipients).</summary>
    public bool Ready()
    {
        Problem = Chosen is null ? "Choose a template, or switch to a single image." : Missing();
        return Problem is null;
    }

    public IReadOnlyDictionary<string, string> VariableValues() =>
        Variables.ToDictionary(v => v, v => Value(v).Trim(), StringComparer.Ordinal);

    /// <summary>
    /// The saved templates changed: a chosen one that is gone is no longer chosen, and one saved again is chosen at its
    /// new version (the one the list shows), keeping the values typed so far.
    /// </summary>
    public void Refresh(IReadOnlyList<StoredTemplate> templates)
    {
        if (Chosen is not { } chosen)
        {
            return;
        }

        var latest = templates.FirstOrDefault(t => t.Name == chosen.Name);
        if (latest is null)
        {
            Choose(null);
        }
        else if (latest.Version != chosen.Version)
        {
            Chosen = latest;
            Recipients.UseVariables(Variables);
            if (Problem is not null)
            {
                Problem = Missing();
            }
        }
    }

    /// <summary>
    /// Empty values are refused here: the worker would draw nothing where the name should be. With recipients, their
    /// CSV has the values, and its problems are what stops the upload.
    /// </summary>
    private string? Missing()
    {
        if (Recipients.On)
        {
            return Recipients.Problem;
        }

        var empty = Variables.Where(v => string.IsNullOrWhiteSpace(Value(v))).ToList();
        return empty.Count == 0
            ? null
            : $"Fill in {string.Join(", ", empty.Select(v => $"{{{v}}}"))} before uploading: the template's text needs {(empty.Count == 1 ? "it" : "them")}.";
    }
}
