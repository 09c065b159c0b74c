using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Templates;

namespace VideoWatermark.Portal.Services.Batches;

/// <summary>One recipient read from the CSV: the line its record starts on, and its values by column.</summary>
public sealed record RecipientRow(int Line, IReadOnlyDictionary<string, string> Values);

/// <summary>What is wrong with the CSV, by the line of the text where the bad record starts.</summary>
public sealed record RecipientCsvProblem(int Line, string Message)
{
    /// <summary>How a problem names its line: <c>Line 5: </c>; a server's refusal of a row is named the same way.</summary>
    public static string Subject(int line) => $"Line {line}: ";

    public override string ToString() => Subject(Line) + Message;
}

/// <summary>The recipients of a CSV, its columns (the header's names) and every problem found.</summary>
public sealed record RecipientList(IReadOnlyList<string> Columns, IReadOnlyList<RecipientRow> Rows, IReadOnlyList<RecipientCsvProblem> Problems)
{
    public static readonly RecipientList Empty = new([], [], []);

    /// <summary>Whether the list can go with an upload: recipients and no problem.</summary>
    public bool Usable => Rows.Count > 0 && Problems.Count == 0;

    /// <summary>Each recipient's values in order, as <c>POST /api/videos</c> takes them.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Values() => [.. Rows.Select(r => r.Values)];
}

/// <summary>
/// Reads the upload page's "copies for recipients" CSV: UTF-8 (a byte-order mark is dropped), the header row names the
/// variables, fields separated by <c>;</c> or <c>,</c> (whichever the header uses, outside quotes), quoted fields may
/// hold separators, quotes and line breaks. Each problem names the line of the text where its record starts, which is
/// not the row's number once a quoted field spans lines.
/// </summary>
public static class RecipientCsv
{
    /// <summary>Problems listed at most; a CSV with more is wrong as a whole and the first ones say how.</summary>
    public const int MaxProblems = 20;

    /// <summary>
    /// The recipients of <paramref name="text"/>. Every column becomes a variable; each of
    /// <paramref name="variables"/> (the template's tokens) must be a column and filled on every row; more than
    /// <paramref name="maxRecipients"/> recipients is refused at the first one past the limit.
    /// </summary>
    public static RecipientList Parse(string? text, IReadOnlyCollection<string> variables, int maxRecipients)
    {
        ArgumentNullException.ThrowIfNull(variables);
        text = (text ?? "").TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RecipientList([], [], [new(1, "no recipients: the first line names the columns, each line after it is one recipient.")]);
        }

        var problems = new List<RecipientCsvProblem>();
        string? strayQuote = null;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = DelimiterOf(text),
            // Blank lines come back as one empty field and are skipped here, so the lines the parser counts are the text's.
            IgnoreBlankLines = false,
            Mode = CsvMode.RFC4180,
            // A quote inside an unquoted field: the parser keeps it, and the record is named as the user wrote it wrong.
            BadDataFound = bad => strayQuote ??= bad.Field,
        };

        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, configuration);
        string[]? columns = null;
        var rows = new List<RecipientRow>();
        var lineAfterLast = 1;
        while (problems.Count < MaxProblems && ReadNext())
        {
            var line = lineAfterLast;
            lineAfterLast = parser.RawRow + 1;
            var record = parser.Record ?? [];
            if (record is [] or [""] || record.All(string.IsNullOrWhiteSpace) && columns is null)
            {
                continue;
            }

            if (QuoteProblem(parser.RawRecord, strayQuote) is { } quoteProblem)
            {
                problems.Add(new(line, quoteProblem));
                if (columns is null)
                {
                    return new RecipientList([], [], problems);
                }

                continue;
            }

            if (columns is null)
            {
                columns = [.. record.Select(c => c.Trim())];
                problems.AddRange(HeaderProblems(columns, variables).Select(m => new RecipientCsvProblem(line, m)));
                if (problems.Count > 0)
                {
                    return new RecipientList(columns, [], problems);
                }

                continue;
            }

            if (rows.Count + CountBad(problems) >= maxRecipients)
            {
                problems.Add(new(line, $"more than {maxRecipients.ToString("N0", CultureInfo.InvariantCulture)} recipients: a batch takes at most that many."));
                break;
            }

            if (record.Length != columns.Length)
            {
                problems.Add(new(line, $"{Fields(record.Length)}, but the header has {columns.Length}."));
                continue;
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                values[columns[i]] = record[i].Trim();
            }

            // Core's rule, the one the server applies to the same row. The reader knows neither the video nor the run's
            // time, which fill only the tokens the worker fills; those are not among the variables checked here.
            if (RecipientRows.ProblemOf(values, variables, null, DateTimeOffset.UnixEpoch) is { } problem)
            {
                problems.Add(new(line, problem));
            }
            else
            {
                rows.Add(new RecipientRow(line, values));
            }
        }

        if (columns is null)
        {
            problems.Add(new(1, "no header: the first line names the columns."));
        }
        else if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(lineAfterLast, "no recipients under the header."));
        }

        return new RecipientList(columns ?? [], rows, problems);

        bool ReadNext()
        {
            strayQuote = null;
            return parser.Read();
        }
    }

    /// <summary>
    /// A quote never closed swallows every line after it into one field (the raw record then holds an odd number of
    /// quotes); a quote inside an unquoted field is kept by the parser but is almost always a field that needed quoting.
    /// </summary>
    private static string? QuoteProblem(string rawRecord, string? strayQuote) =>
        rawRecord.Count(c => c == '"') % 2 == 1
            ? "a quote is opened and never closed: a quoted field ends with a quote, and a quote inside it is written twice (\"\")."
            : strayQuote is not null
                ? "a quote stands inside a field that does not start with one: quote the whole field and write the quote twice (\"\")."
                : null;

    /// <summary>
    /// The separator the header uses: <c>;</c> (a spreadsheet saved in a locale whose decimal mark is the comma) when
    /// the first line has more of them outside quotes than commas, else <c>,</c>.
    /// </summary>
    public static string DelimiterOf(string text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }

        return semicolons > commas ? ";" : ",";
    }

    private static IEnumerable<string> HeaderProblems(string[] columns, IReadOnlyCollection<string> variables)
    {
        foreach (var column in columns.Where(c => !TemplateTokens.IsValidName(c)).Distinct(StringComparer.Ordinal))
        {
            yield return column.Length == 0
                ? "a column has no name: the header names every column."
                : $"'{column}' is not a variable name: use letters, digits, '_' or '-', starting with a letter.";
        }

        foreach (var twice in columns.Where(c => c.Length > 0).GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return $"the column '{twice.Key}' is named twice.";
        }

        var missing = variables.Where(v => !columns.Contains(v, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            yield return $"no column for {Tokens(missing)}: the template's text needs {(missing.Count == 1 ? "it" : "them")}.";
        }
    }

    /// <summary>Bad records count toward the limit too: the user fixes them into recipients.</summary>
    private static int CountBad(List<RecipientCsvProblem> problems) => problems.Count;

    private static string Fields(int count) => count == 1 ? "1 field" : $"{count} fields";

    private static string Tokens(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"{{{n}}}"));
}
