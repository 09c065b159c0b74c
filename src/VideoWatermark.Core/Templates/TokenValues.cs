using System.Globalization;

namespace VideoWatermark.Core.Templates;

/// <summary>The values a run gives its tokens: the standard ones it knows, plus the caller's variables.</summary>
public static class TokenValues
{
    /// <summary>Longest value a variable may have: a name or an e-mail, not a document.</summary>
    public const int MaxValueLength = 200;

    /// <summary>
    /// <c>{date}</c> (the UTC day of the run), <c>{filename}</c> (without extension) and <c>{jobId}</c> when known,
    /// then <paramref name="variables"/>, which may set <c>{recipient}</c>, <c>{email}</c> or any other name (and
    /// override the standard ones).
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(
        DateTimeOffset now,
        string? inputFileName,
        string? jobId,
        IReadOnlyDictionary<string, string>? variables)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TemplateTokens.Date] = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(inputFileName))
        {
            values[TemplateTokens.FileName] = Path.GetFileNameWithoutExtension(inputFileName);
        }

        if (!string.IsNullOrEmpty(jobId))
        {
            values[TemplateTokens.JobId] = jobId;
        }

        foreach (var (name, value) in variables ?? new Dictionary<string, string>())
        {
            if (!TemplateTokens.IsValidName(name))
            {
                throw new Errors.InvalidInputException($"'{name}' is not a variable name: use letters, digits, '_' or '-', starting with a letter.");
            }

            if (value.Length > MaxValueLength)
            {
                throw new Errors.InvalidInputException($"The variable '{name}' is {value.Length} characters long: at most {MaxValueLength}.");
            }

            values[name] = value;
        }

        return values;
    }
}
