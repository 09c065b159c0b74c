using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Templates;
using VideoWatermark.Portal.Services.Batches;

namespace VideoWatermark.Portal.Tests.Services;

public sealed class RecipientCsvTests
{
    private static readonly string[] Screener = ["recipient", "email"];

    [Fact]
    public void The_header_names_the_variables_and_each_line_after_it_is_a_recipient()
    {
        var list = RecipientCsv.Parse("recipient,email,company\nAna Díaz,ana@example.com,Acme\n Bo Li , bo@example.com ,\n", Screener, 1000);

        Assert.Empty(list.Problems);
        Assert.True(list.Usable);
        Assert.Equal(["recipient", "email", "company"], list.Columns);
        Assert.Equal([2, 3], list.Rows.Select(r => r.Line));
        Assert.Equal("Ana Díaz", list.Rows[0].Values["recipient"]);
        Assert.Equal("Acme", list.Rows[0].Values["company"]);
        // Spaces around a value are a spreadsheet's, not the name's; an extra column may be empty.
        Assert.Equal("Bo Li", list.Rows[1].Values["recipient"]);
        Assert.Equal("bo@example.com", list.Rows[1].Values["email"]);
        Assert.Equal("", list.Rows[1].Values["company"]);
    }

    [Fact]
    public void A_semicolon_header_makes_the_semicolon_the_separator_and_commas_stay_in_the_values()
    {
        var list = RecipientCsv.Parse("\uFEFFrecipient;email\r\nDíaz, Ana;ana@example.com\r\n", Screener, 1000);

        Assert.Empty(list.Problems);
        Assert.Equal(["recipient", "email"], list.Columns);
        Assert.Equal("Díaz, Ana", Assert.Single(list.Rows).Values["recipient"]);
    }

    [Fact]
    public void A_separator_inside_the_headers_quotes_does_not_count()
    {
        Assert.Equal(";", RecipientCsv.DelimiterOf("\"a,b,c\";email\nx;y"));
        Assert.Equal(",", RecipientCsv.DelimiterOf("recipient,email\nA;B;C;D,x"));
        Assert.Equal(",", RecipientCsv.DelimiterOf("recipient"));
    }

    [Fact]
    public void Quoted_fields_hold_separators_quotes_and_line_breaks()
    {
        const string Text = "recipient,email\n\"Díaz, Ana; \"\"the boss\"\"\",ana@example.com\n\"Bo\nLi\",bo@example.com\nCy,cy@example.com\n";

        var list = RecipientCsv.Parse(Text, Screener, 1000);

        Assert.Empty(list.Problems);
        Assert.Equal("Díaz, Ana; \"the boss\"", list.Rows[0].Values["recipient"]);
        Assert.Equal("Bo\nLi", list.Rows[1].Values["recipient"]);
        // The third recipient starts on line 5: the second one's quoted name took two lines.
        Assert.Equal([2, 3, 5], list.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_bad_record_after_a_multi_line_field_is_named_by_the_line_it_starts_on_not_its_row()
    {
        const string Text = "recipient,email\n\"Ana\n(Madrid)\",ana@example.com\n\nBo,bo@example.com,extra\n\"Cy\nCo\",\nDee,dee@example.com\n";

        var list = RecipientCsv.Parse(Text, Screener, 1000);

        Assert.False(list.Usable);
        Assert.Equal(
            ["Line 5: 3 fields, but the header has 2.", "Line 6: {email} is empty: the template's text needs it."],
            list.Problems.Select(p => p.ToString()));
        Assert.Equal([2, 8], list.Rows.Select(r => r.Line));
    }

    [Fact]
    public void A_token_left_empty_is_refused_by_its_line_and_a_missing_column_by_the_header()
    {
        var empty = RecipientCsv.Parse("recipient,email\nAna,ana@example.com\n  ,\n", Screener, 1000);
        Assert.Equal("Line 3: {recipient}, {email} are empty: the template's text needs them.", Assert.Single(empty.Problems).ToString());

        var missing = RecipientCsv.Parse("recipient\nAna\n", Screener, 1000);
        Assert.Equal("Line 1: no column for {email}: the template's text needs it.", Assert.Single(missing.Problems).ToString());
        Assert.Empty(missing.Rows);
    }

    [Fact]
    public void Columns_that_cannot_be_variables_are_refused_in_the_header()
    {
        var list = RecipientCsv.Parse("recipient,e mail,,recipient\nA,b,c,d\n", ["recipient"], 1000);

        Assert.Equal(
            [
                "Line 1: 'e mail' is not a variable name: use letters, digits, '_' or '-', starting with a letter.",
                "Line 1: a column has no name: the header names every column.",
                "Line 1: the column 'recipient' is named twice.",
            ],
            list.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void More_recipients_than_the_limit_are_refused_at_the_first_line_past_it()
    {
        var text = "recipient\n" + string.Concat(Enumerable.Range(1, 6).Select(i => $"R{i}\n"));

        var list = RecipientCsv.Parse(text, ["recipient"], 5);

        Assert.Equal("Line 7: more than 5 recipients: a batch takes at most that many.", Assert.Single(list.Problems).ToString());
        Assert.Equal(5, list.Rows.Count);
        Assert.True(RecipientCsv.Parse(text, ["recipient"], 6).Usable);
    }

    [Fact]
    public void Nothing_or_a_header_alone_says_what_is_missing()
    {
        Assert.Equal("Line 1: no recipients: the first line names the columns, each line after it is one recipient.", Assert.Single(RecipientCsv.Parse(" \n", Screener, 10).Problems).ToString());
        Assert.Equal("Line 2: no recipients under the header.", Assert.Single(RecipientCsv.Parse("recipient,email\n", Screener, 10).Problems).ToString());
    }

    [Fact]
    public void A_value_longer_than_a_variable_takes_is_refused()
    {
        var list = RecipientCsv.Parse($"recipient\n{new string('x', 201)}\n", ["recipient"], 10);

        Assert.Equal("Line 2: The variable 'recipient' is 201 characters long: at most 200.", Assert.Single(list.Problems).ToString());
    }

    [Fact]
    public void A_row_is_refused_by_the_rule_and_with_the_words_the_server_uses_for_the_same_row()
    {
        var template = new WatermarkTemplate { Name = "screener", Layers = [new TemplateLayer { Type = LayerType.Text, Text = "For {recipient} <{email}>" }] };
        var tooLong = new string('z', 201);
        var list = RecipientCsv.Parse($"recipient,email,company\n ,ana@example.com,Acme\nBo,,\nCy,cy@example.com,{tooLong}\n", Screener, 10);

        Dictionary<string, string>[] sent =
        [
            new() { ["recipient"] = "", ["email"] = "ana@example.com", ["company"] = "Acme" },
            new() { ["recipient"] = "Bo", ["email"] = "", ["company"] = "" },
            new() { ["recipient"] = "Cy", ["email"] = "cy@example.com", ["company"] = tooLong },
        ];
        var server = sent.Select(values => Assert.Throws<InvalidRecipientException>(
            () => RecipientRows.Check(template, [values], null, "clip.mp4", DateTimeOffset.UtcNow, new InputLimits())).Problem);

        Assert.Equal([2, 3, 4], list.Problems.Select(p => p.Line));
        Assert.Equal(server, list.Problems.Select(p => p.Message));
    }

    [Fact]
    public void A_quote_left_open_is_named_at_the_line_where_its_record_starts()
    {
        var list = RecipientCsv.Parse("recipient,email\nAna,ana@example.com\n\"Bo,bo@example.com\nCy,cy@example.com\n", Screener, 1000);

        Assert.Equal("Line 3: a quote is opened and never closed: a quoted field ends with a quote, and a quote inside it is written twice (\"\").", Assert.Single(list.Problems).ToString());
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_named_by_its_line()
    {
        var list = RecipientCsv.Parse("recipient,email\nAna \"the boss\" Díaz,ana@example.com\n", Screener, 1000);

        Assert.Equal("Line 2: a quote stands inside a field that does not start with one: quote the whole field and write the quote twice (\"\").", Assert.Single(list.Problems).ToString());
    }

    [Fact]
    public void Problems_stop_at_twenty()
    {
        var text = "recipient,email\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"R{i}\n"));

        var list = RecipientCsv.Parse(text, Screener, 1000);

        Assert.Equal(RecipientCsv.MaxProblems, list.Problems.Count);
        Assert.Equal(21, list.Problems[^1].Line);
    }
}
