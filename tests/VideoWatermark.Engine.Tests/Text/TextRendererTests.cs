using SkiaSharp;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Text;

namespace VideoWatermark.Engine.Tests.Text;

/// <summary>Text layers become pixels drawn by us: every script needed, fallback per character, refusals by name.</summary>
public sealed class TextRendererTests
{
    private static readonly TextStyle White = TextStyle.For(new TemplateLayer { Type = LayerType.Text, Text = "x", Size = 0.1 }, 360);

    private static (int Inked, double MeanX) Ink(SKBitmap bitmap)
    {
        var (inked, sumX) = (0, 0.0);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                if (bitmap.GetPixel(x, y).Alpha > 128)
                {
                    inked++;
                    sumX += x;
                }
            }
        }

        return (inked, inked == 0 ? 0 : sumX / inked / bitmap.Width);
    }

    [Theory]
    [InlineData("CONFIDENTIAL")]
    [InlineData("Ελληνικά Кириллица")]
    [InlineData("مرحبا بالعالم")]
    [InlineData("שלום עולם")]
    [InlineData("नमस्ते दुनिया")]
    [InlineData("秘密 機密 비밀")]
    [InlineData("Ana Díaz · Zoë")]
    public void Every_required_script_is_drawn_with_ink(string text)
    {
        using var bitmap = TextRenderer.Render(text, White);

        Assert.True(bitmap.Height is > 30 and < 100, $"one line of 36 px text, got {bitmap.Height} px high");
        Assert.True(Ink(bitmap).Inked > 100, "the text should leave ink");
    }

    [Fact]
    public void Arabic_letters_join_so_the_shaped_word_is_narrower_than_its_isolated_letters()
    {
        using var joined = TextRenderer.Render("ببببب", White);
        using var isolated = TextRenderer.Render("ب ب ب ب ب", White);

        Assert.True(joined.Width < isolated.Width * 0.6, $"joined {joined.Width} px, isolated {isolated.Width} px");
    }

    [Fact]
    public void A_right_to_left_line_starts_at_the_right()
    {
        // "א" followed by many dots: read right to left the letter is at the right end.
        using var hebrew = TextRenderer.Render("אאאא.....", White);
        using var latin = TextRenderer.Render("AAAA.....", White);

        Assert.True(Ink(hebrew).MeanX > 0.5, $"ink centred at {Ink(hebrew).MeanX:0.00} of the width");
        Assert.True(Ink(latin).MeanX < 0.5, $"ink centred at {Ink(latin).MeanX:0.00} of the width");
    }

    [Fact]
    public void A_character_no_installed_font_has_is_refused_by_name()
    {
        // Khitan Small Script: assigned by Unicode, in none of the fonts the worker installs.
        var error = Assert.Throws<InvalidInputException>(() => TextRenderer.Render("Ana \U00018B00", White));

        Assert.Contains("U+18B00", error.Message, StringComparison.Ordinal);
        Assert.Contains("No installed font", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?> Hostile => new()
    {
        { "O'Brien", null },
        { "a:b;c", null },
        { "[out]", null },
        { "C:\\path\\", null },
        { "%{localtime}", null },
        { "%{eif:1/0:d}", null },
        { "first\nsecond", null },
        { "👩‍👩‍👧 family", null },
        { "ring\u0007bell", "U+0007" },
        { "abc\u202Eevil", "U+202E" },
        { "a\u2066b", "U+2066" },
        { new string('x', 10_000), "at most 1000" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_text_is_drawn_literally_or_refused_with_a_reason(string text, string? refusal)
    {
        if (refusal is null)
        {
            using var bitmap = TextRenderer.Render(text, White);
            Assert.True(Ink(bitmap).Inked > 50, "drawn");
        }
        else
        {
            Assert.Contains(refusal, Assert.Throws<InvalidInputException>(() => TextRenderer.Render(text, White)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Two_lines_are_twice_as_tall_and_rotation_turns_the_box()
    {
        using var one = TextRenderer.Render("LINE", White);
        using var two = TextRenderer.Render("LINE\nLINE", White);
        using var turned = TextRenderer.Render("LINE", White with { Rotation = 90 });

        Assert.InRange(two.Height, one.Height * 1.6, one.Height * 2.2);
        Assert.InRange(turned.Width, one.Height - 2, one.Height + 2);
        Assert.InRange(turned.Height, one.Width - 2, one.Width + 2);
    }

    [Fact]
    public void Box_outline_and_color_are_drawn()
    {
        using var boxed = TextRenderer.Render("Hi", White with { BoxArgb = 0x80000000 });
        var corner = boxed.GetPixel(1, boxed.Height / 2);
        using var red = TextRenderer.Render("HHH", TextStyle.For(new TemplateLayer { Type = LayerType.Text, Text = "x", Size = 0.1, Color = "#FF0000" }, 360));
        var solid = Enumerable.Range(0, red.Width * red.Height).Select(i => red.GetPixel(i % red.Width, i / red.Width)).Where(c => c.Alpha == 255).ToList();

        Assert.InRange(corner.Alpha, 120, 136);
        Assert.True(solid.Count > 100, "solid letters");
        Assert.All(solid, c => Assert.Equal((255, 0, 0), (c.Red, c.Green, c.Blue)));
    }
}
