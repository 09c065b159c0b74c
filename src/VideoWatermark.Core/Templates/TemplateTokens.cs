using System.Text;
using VideoWatermark.Core.Errors;

namespace VideoWatermark.Core.Templates;

/// <summary>
/// The <c>{token}</c> syntax of text layers: <c>{name}</c> is replaced by its value, <c>{{</c> and <c>}}</c> write a
/// brace. A name is a letter followed by letters, digits, <c>_</c> or <c>-</c>.
/// </summary>
public static class TemplateTokens
{
    public const string Recipient = "recipient";
    public const string Email = "email";
    public const string Date = "date";
    public const string FileName = "filename";
    public const string JobId = "jobId";

    /// <summary>The tokens every run can fill on its own or from the job; any other name is a variable.</summary>
    public static IReadOnlyList<string> Standard { get; } = [Recipient, Email, Date, FileName, JobId];

    /// <summary>The tokens the worker fills for every run; the others need a value from whoever creates the job.</summary>
    public static IReadOnlyList<string> FilledByWorker { get; } = [Date, FileName, JobId];

    /// <summary>The token names <paramref name="text"/> uses, in order of first use; throws on bad syntax.</summary>
    public static IReadOnlyList<string> Names(string text)
    {
        var names = new List<string>();
        Walk(text, _ => { }, name =>
        {
            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        });
        return names;
    }

    /// <summary>Why <paramref name="text"/>'s token syntax is wrong, or null.</summary>
    public static string? SyntaxProblem(string text)
    {
        try
        {
            Walk(text, _ => { }, _ => { });
            return null;
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Replaces every token by its value. A token with no value refuses the whole text, naming every missing token.
    /// </summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> values)
    {
        var missing = Names(text).Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException(missing.Count == 1
                ? $"The token {{{missing[0]}}} has no value: give it as a variable."
                : $"The tokens {string.Join(", ", missing.Select(m => $"{{{m}}}"))} have no value: give them as variables.");
        }

        var result = new StringBuilder(text.Length);
        Walk(text, c => result.Append(c), name => result.Append(values[name]));
        return result.ToString();
    }

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 64
        && char.IsAsciiLetter(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static void Walk(string text, Action<char> literal, Action<string> token)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal('{');
                i++;
            }
            else if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal('}');
                i++;
            }
            else if (c == '{')
            {
                var close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new InvalidInputException($"A '{{' at character {i + 1} is not closed: write {{{{ for a brace.");
                }

                var name = text[(i + 1)..close];
                if (!IsValidName(name))
                {
                    throw new InvalidInputException($"'{{{Shorten(name)}}}' at character {i + 1} is not a token name: use letters, digits, '_' or '-', starting with a letter, or write {{{{ for a brace.");
                }

                token(name);
                i = close;
            }
            else if (c == '}')
            {
                throw new InvalidInputException($"A '}}' at character {i + 1} has no '{{': write }}}} for a brace.");
            }
            else
            {
                literal(c);
            }
        }
    }

    private static string Shorten(string name) => name.Length <= 20 ? name : name[..20] + "…";
}
