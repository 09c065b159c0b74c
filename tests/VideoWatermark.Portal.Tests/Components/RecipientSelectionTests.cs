using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Components.Uploads;

namespace VideoWatermark.Portal.Tests.Components;

/// <summary>The recipients kept with the upload page's template choice, without rendering the page.</summary>
public sealed class RecipientSelectionTests
{
    [Fact]
    public void The_same_csv_is_read_again_for_a_template_saved_again_with_another_variable()
    {
        var selection = new TemplateSelection(maxRecipients: 10);
        selection.Choose(Stored(1, "For {recipient}"));
        selection.UseRecipients(true);
        selection.Recipients.SetText("\uFEFFrecipient\nAna\nBo\n");
        selection.Recipients.Pick(1);
        Assert.True(selection.Ready());
        Assert.Equal("recipient\nAna\nBo\n", selection.Recipients.Text);
        Assert.Equal(3, selection.Recipients.PickedRow!.Line);

        // Saved again in another tab with {email}: the list moves to version 2 and the CSV now lacks a column.
        selection.Refresh([Stored(2, "For {recipient} <{email}>")]);

        Assert.Equal(2, selection.Chosen!.Version);
        Assert.Equal("Line 1: no column for {email}: the template's text needs it.", Assert.Single(selection.Recipients.List.Problems).ToString());
        Assert.False(selection.Ready());
        Assert.Equal("Fix the recipients' CSV first: a problem is listed under it.", selection.Problem);

        selection.Recipients.SetText("recipient,email\nAna,ana@example.com\n");
        selection.RecipientsChanged();
        Assert.Null(selection.Problem);
        Assert.True(selection.Ready());
    }

    [Fact]
    public void Without_text_the_upload_waits_for_one_and_with_recipients_off_the_typed_values_count()
    {
        var selection = new TemplateSelection(maxRecipients: 10);
        selection.Choose(Stored(1, "For {recipient}"));
        selection.UseRecipients(true);

        Assert.False(selection.Ready());
        Assert.StartsWith("Paste the recipients' CSV or choose its file", selection.Problem, StringComparison.Ordinal);
        Assert.Empty(selection.Recipients.List.Problems);

        selection.UseRecipients(false);
        selection.Set("recipient", "Ana");
        Assert.True(selection.Ready());
    }

    private static StoredTemplate Stored(int version, string text) =>
        new("screener", version, DateTimeOffset.UnixEpoch, new WatermarkTemplate { Name = "screener", Layers = [new TemplateLayer { Type = LayerType.Text, Text = text }] });
}
