using System.Text;
using VideoWatermark.Core.Batches;

namespace VideoWatermark.Core.Tests.Batches;

public sealed class RecipientFileNamesTests
{
    [Theory]
    [InlineData("Ana Díaz", "Ana-Díaz")]
    [InlineData("Ana Di\u0301az", "Ana-Díaz")]
    [InlineData("ana@example.com", "ana@example.com")]
    [InlineData("../../etc/passwd", "etc-passwd")]
    [InlineData("a:b*c?\"<>|\\d", "a-b-c-d")]
    [InlineData("tab\tand\nnewline\u0000", "tab-and-newline")]
    [InlineData("陈伟", "陈伟")]
    [InlineData("Zoë 🎬 Ångström.", "Zoë-Ångström")]
    [InlineData(" ... ", "recipient-4")]
    [InlineData("", "recipient-4")]
    public void Keeps_letters_of_any_script_and_turns_everything_else_into_one_dash(string name, string expected) =>
        Assert.Equal(expected, RecipientFileNames.Part(name, 4));

    [Fact]
    public void A_long_name_is_cut_to_whole_characters_within_the_byte_limit()
    {
        var part = RecipientFileNames.Part(string.Concat(Enumerable.Repeat("Ñandú ", 40)), 1);

        Assert.True(Encoding.UTF8.GetByteCount(part) <= RecipientFileNames.MaxBytes, part);
        Assert.StartsWith("Ñandú-Ñandú-", part, StringComparison.Ordinal);
        Assert.False(part.EndsWith('-'));
        Assert.True(part.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void Names_equal_but_for_case_get_numbers_in_turn()
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);

        Assert.Equal(
            ["Ana", "ana-2", "ANA-3", "Ana-2-2", "Bob"],
            new[] { "Ana", "ana", "ANA", "Ana-2", "Bob" }.Select(n => RecipientFileNames.Unique(n, taken)));
    }
}
