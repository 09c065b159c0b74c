using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Core.Tests.Templates;

public sealed class TemplateTokensTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 9, 23, 30, 0, TimeSpan.FromHours(-5));

    [Fact]
    public void Standard_tokens_and_variables_are_filled_and_double_braces_write_braces()
    {
        var values = TokenValues.For(Now, "clips/Beach Day.mp4", "job-42", new Dictionary<string, string> { ["recipient"] = "Ana Díaz", ["studio"] = "North" });

        var text = TemplateTokens.Expand("{{{recipient}}} {date} {filename} {jobId} {studio} }}", values);

        Assert.Equal("{Ana Díaz} 2026-03-10 Beach Day job-42 North }", text);
    }

    [Fact]
    public void A_value_is_never_read_as_a_token_again()
    {
        var values = TokenValues.For(Now, null, null, new Dictionary<string, string> { ["recipient"] = "{email}" });

        Assert.Equal("{email}", TemplateTokens.Expand("{recipient}", values));
    }

    [Fact]
    public void Tokens_with_no_value_refuse_the_text_naming_each()
    {
        var values = TokenValues.For(Now, null, null, null);

        Assert.Equal("The token {recipient} has no value: give it as a variable.", Assert.Throws<InvalidInputException>(() => TemplateTokens.Expand("For {recipient}", values)).Message);
        Assert.Contains("{email}, {jobId}", Assert.Throws<InvalidInputException>(() => TemplateTokens.Expand("{email} {jobId} {date}", values)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_lists_each_token_once_in_order()
    {
        Assert.Equal(["recipient", "date"], TemplateTokens.Names("{recipient} {{x}} {date} {recipient}"));
    }

    [Theory]
    [InlineData("1bad")]
    [InlineData("has space")]
    [InlineData("")]
    public void Bad_variable_names_and_overlong_values_are_refused(string name)
    {
        Assert.Throws<InvalidInputException>(() => TokenValues.For(Now, null, null, new Dictionary<string, string> { [name] = "x" }));
        Assert.Contains("at most 200", Assert.Throws<InvalidInputException>(() => TokenValues.For(Now, null, null, new Dictionary<string, string> { ["n"] = new string('x', 201) })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_templates_variables_are_its_text_tokens_but_the_workers_own_in_order_of_first_use()
    {
        var template = new WatermarkTemplate
        {
            Name = "t",
            Layers =
            [
                new TemplateLayer { Type = LayerType.Image, Image = "logo.png" },
                new TemplateLayer { Type = LayerType.Text, Text = "For {recipient} · {date} {{literal}}" },
                new TemplateLayer { Type = LayerType.Text, Text = "{studio} {jobId} {filename} {recipient}" },
                new TemplateLayer { Type = LayerType.Text, Text = "{broken" },
            ],
        };

        Assert.Equal(["recipient", "studio"], template.Variables());
    }
}
