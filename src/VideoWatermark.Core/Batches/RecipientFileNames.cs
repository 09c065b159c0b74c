using System.Globalization;
using System.Text;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// The recipient's part of a copy's name (<c>watermark-&lt;name&gt;-&lt;recipient&gt;.mp4</c>), safe in any file
/// system and any ZIP tool: letters, digits and marks of every script are kept (composed, NFC, so macOS and Linux agree
/// on the bytes), as are <c>. _ @ +</c>; anything else (spaces, slashes, the characters Windows reserves, control
/// characters, symbols) becomes one <c>-</c>. The part is at most <see cref="MaxBytes"/> UTF-8 bytes, and the whole
/// name starts with <c>watermark-</c>, so it is never a reserved device name (CON, NUL, COM1) nor starts or ends
/// with a dot.
/// </summary>
public static class RecipientFileNames
{
    /// <summary>Room for a long name or e-mail, leaving the video's own name most of the 255 bytes a file name may have.</summary>
    public const int MaxBytes = 80;

    /// <summary>The safe part for <paramref name="name"/>, or <c>recipient-&lt;row&gt;</c> when nothing of it is left.</summary>
    public static string Part(string? name, int row)
    {
        var text = (name ?? "").Normalize(NormalizationForm.FormC);
        var part = new StringBuilder(text.Length);
        var bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var keep = Rune.IsLetterOrDigit(rune)
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                || rune.Value is '.' or '_' or '@' or '+';
            if (!keep && (part.Length == 0 || part[^1] == '-'))
            {
                continue;
            }

            var next = keep ? rune : new Rune('-');
            if (bytes + next.Utf8SequenceLength > MaxBytes)
            {
                break;
            }

            part.Append(next.ToString());
            bytes += next.Utf8SequenceLength;
        }

        var trimmed = part.ToString().Trim('-', '.', '_');
        return trimmed.Length > 0 ? trimmed : string.Create(CultureInfo.InvariantCulture, $"recipient-{row}");
    }

    /// <summary>
    /// <paramref name="part"/>, or <c>part-2</c>, <c>part-3</c>, … : the first that <paramref name="taken"/> (compared
    /// ignoring case, as Windows, macOS and most ZIP tools do) does not hold yet; it is added to it.
    /// </summary>
    public static string Unique(string part, ISet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var candidate = part;
        for (var n = 2; !taken.Add(candidate.ToUpperInvariant()); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{part}-{n}");
        }

        return candidate;
    }
}
