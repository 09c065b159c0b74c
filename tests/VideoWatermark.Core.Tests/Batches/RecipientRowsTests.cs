using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Core.Tests.Batches;

public sealed class RecipientRowsTests
{
    private static readonly WatermarkTemplate Screener = new()
    {
        Name = "screener",
        Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient} <{email}> · {date} · {filename}" }],
    };

    private static readonly DateTimeOffset Now = new(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rows_that_fill_every_token_pass_with_the_shared_values_under_their_own_and_other_keys_kept()
    {
        var rows = RecipientRows.Check(Screener, [Row(("recipient", "Ana"), ("email", "ana@example.com"), ("company", "ACME")), Row(("recipient", "Bob"), ("email", "bob@example.com"), ("title", "Mine"))],
            Row(("title", "Cut 3")), "clip.mp4", Now, new InputLimits());

        Assert.Equal("ACME", rows[0]["company"]);
        Assert.Equal("Cut 3", rows[0]["title"]);
        Assert.Equal("Mine", rows[1]["title"]);
    }

    [Theory]
    [InlineData("", "Recipient 2: {email} is empty: the template's text needs it.")]
    [InlineData("   ", "Recipient 2: {email} is empty: the template's text needs it.")]
    [InlineData(null, "Recipient 2: {email} is empty: the template's text needs it.")]
    public void A_blank_or_missing_value_refuses_the_batch_naming_the_row_and_the_token(string? email, string reason)
    {
        var second = email is null ? Row(("recipient", "Bob")) : Row(("recipient", "Bob"), ("email", email));

        var refused = Assert.Throws<InvalidRecipientException>(() =>
            RecipientRows.Check(Screener, [Row(("recipient", "Ana"), ("email", "a@example.com")), second], null, "clip.mp4", Now, new InputLimits()));

        Assert.Equal(reason, refused.Message);
        Assert.Equal((2, "{email} is empty: the template's text needs it."), (refused.Row, refused.Problem));
    }

    [Fact]
    public void A_row_emptying_a_token_the_worker_fills_is_refused_too()
    {
        var refused = Assert.Throws<InvalidRecipientException>(() =>
            RecipientRows.Check(Screener, [Row(("recipient", "Ana"), ("email", "a@example.com"), ("filename", ""))], null, "clip.mp4", Now, new InputLimits()));

        Assert.Equal("Recipient 1: {filename} is empty: the template's text needs it.", refused.Message);
    }

    [Fact]
    public void Too_many_no_rows_and_a_bad_key_are_refused()
    {
        var limits = new InputLimits { MaxRecipients = 2 };
        var three = Enumerable.Range(1, 3).Select(i => Row(("recipient", $"R{i}"), ("email", "x@example.com"))).ToList();

        Assert.Equal("The batch has 3 recipients; the limit is 2 (VideoWatermark:Limits:MaxRecipients).",
            Assert.Throws<InvalidInputException>(() => RecipientRows.Check(Screener, three, null, "clip.mp4", Now, limits)).Message);
        Assert.Throws<InvalidInputException>(() => RecipientRows.Check(Screener, [], null, "clip.mp4", Now, limits));
        Assert.StartsWith("Recipient 1: 'bad key' is not a variable name",
            Assert.Throws<InvalidRecipientException>(() => RecipientRows.Check(Screener, [Row(("recipient", "Ana"), ("email", "a@b.c"), ("bad key", "x"))], null, "clip.mp4", Now, limits)).Message,
            StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Row(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => v.Value!);
}
