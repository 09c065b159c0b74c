using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Limits;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// The recipients of a batch, checked as a whole before anything is written: the count against the limit, each row's
/// keys as variable names and its values' lengths, and every token of the template's text filled with a value that is
/// not blank. The first problem refuses the batch (<see cref="InvalidRecipientException"/>), naming the recipient by
/// its row (1-based, as in the request).
/// </summary>
/// <remarks>
/// A key the template does not use is kept, not refused: a list often carries more columns than one template shows
/// (an e-mail for the manifest, a company), and the values stay in the batch record.
/// </remarks>
public static class RecipientRows
{
    /// <summary>
    /// Each row's values as the job will store them (<paramref name="shared"/> under the row's own), once every row
    /// fills every token of <paramref name="template"/> for a run of <paramref name="fileName"/> at <paramref name="now"/>.
    /// </summary>
    /// <exception cref="InvalidRecipientException">The first problem, naming its row.</exception>
    /// <exception cref="InvalidInputException">No rows, or more than the limit.</exception>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Check(
        WatermarkTemplate template,
        IReadOnlyList<IReadOnlyDictionary<string, string>?>? rows,
        IReadOnlyDictionary<string, string>? shared,
        string fileName,
        DateTimeOffset now,
        InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(limits);
        if (rows is not { Count: > 0 })
        {
            throw new InvalidInputException("recipients is empty: give at least one recipient, or leave it out for a single copy.");
        }

        if (limits.RecipientsProblem(rows.Count) is { } tooMany)
        {
            throw new InvalidInputException(tooMany);
        }

        var tokens = TokensOf(template);
        var checkedRows = new List<IReadOnlyDictionary<string, string>>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var values = Merge(shared, rows[i]);
            if (ProblemOf(values, tokens, fileName, now) is { } problem)
            {
                throw new InvalidRecipientException(i + 1, problem);
            }

            checkedRows.Add(values);
        }

        return checkedRows;
    }

    /// <summary>Every token the template's text layers use, those the worker fills included.</summary>
    public static IReadOnlyList<string> TokensOf(WatermarkTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return [.. template.Layers
            .Where(l => l is { Type: LayerType.Text, Text: not null })
            .SelectMany(l => TemplateTokens.Names(l.Text!))
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// What is wrong with one recipient's <paramref name="values"/> for <paramref name="tokens"/> in a run of
    /// <paramref name="fileName"/> at <paramref name="now"/>, without naming the row (the caller names it: the request's
    /// row, a CSV's line); null when nothing is. The one rule both the API and the portal's CSV reader apply.
    /// </summary>
    public static string? ProblemOf(IReadOnlyDictionary<string, string> values, IReadOnlyCollection<string> tokens, string? fileName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(tokens);
        if (values.Count == 0)
        {
            return "no values.";
        }

        IReadOnlyDictionary<string, string> filled;
        try
        {
            // The job id is only known later; a stand-in fills {jobId} as the worker will.
            filled = TokenValues.For(now, fileName, "job", values);
        }
        catch (InvalidInputException e)
        {
            return e.Message;
        }

        var empty = tokens.Where(t => !filled.TryGetValue(t, out var value) || string.IsNullOrWhiteSpace(value)).ToList();
        return empty.Count switch
        {
            0 => null,
            1 => $"{{{empty[0]}}} is empty: the template's text needs it.",
            _ => $"{string.Join(", ", empty.Select(t => $"{{{t}}}"))} are empty: the template's text needs them.",
        };
    }

    /// <summary>The row's values over the shared ones; a JSON null reads as an empty value.</summary>
    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string>? shared, IReadOnlyDictionary<string, string>? row)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in shared ?? new Dictionary<string, string>())
        {
            values[key] = value ?? "";
        }

        foreach (var (key, value) in row ?? new Dictionary<string, string>())
        {
            values[key] = value ?? "";
        }

        return values;
    }
}
