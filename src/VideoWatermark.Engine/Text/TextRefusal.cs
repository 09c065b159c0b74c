using System.Globalization;
using System.Text;
using VideoWatermark.Core.Errors;

namespace VideoWatermark.Engine.Text;

/// <summary>Text the renderer will not draw, each refusal naming the character and why.</summary>
internal static class TextRefusal
{
    /// <summary>Longest text after tokens are filled: a watermark line or two, not a page.</summary>
    public const int MaxLength = 1000;

    public static void ThrowIfUndrawable(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new InvalidInputException($"The text is {text.Length} characters long after its tokens are filled: at most {MaxLength}.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("The text is empty after its tokens are filled.");
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == '\n')
            {
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned)
            {
                throw new InvalidInputException($"The text contains {Name(rune)}, which cannot be drawn: remove it.");
            }

            // Overrides and isolates would reorder the visible text without showing themselves: a name could read
            // as someone else's.
            if (rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069))
            {
                throw new InvalidInputException($"The text contains {Name(rune)}, a bidirectional control that would reorder it invisibly: remove it.");
            }
        }
    }

    public static string Name(Rune rune) => Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned
        ? $"U+{rune.Value:X4}"
        : $"U+{rune.Value:X4} '{rune}'";
}
