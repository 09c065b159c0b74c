using VideoWatermark.Core.Errors;

namespace VideoWatermark.Core.Templates;

/// <summary>
/// A watermark as several layers (images and text) with timing, fades, motion and tiling, drawn in one encode. The
/// same JSON (<see cref="TemplateJson"/>) serves the CLI, the API, job records and the files in the bucket.
/// </summary>
public sealed record WatermarkTemplate
{
    public string Name { get; set; } = "";

    public IReadOnlyList<TemplateLayer> Layers { get; set; } = [];

    /// <summary>Why <paramref name="name"/> cannot name a template, or null.</summary>
    public static string? NameProblem(string? name) => TemplateValidation.NameProblem(name);

    /// <summary>Every reason this template cannot be used, one sentence each; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems() => TemplateValidation.Problems(this);

    /// <summary>
    /// The tokens whoever creates a job must give values for (every token of the text layers but the ones the worker
    /// fills), in order of first use; a text whose token syntax is wrong adds none.
    /// </summary>
    public IReadOnlyList<string> Variables() =>
        (Layers ?? [])
            .Where(l => l is { Type: LayerType.Text, Text: not null } && TemplateTokens.SyntaxProblem(l.Text) is null)
            .SelectMany(l => TemplateTokens.Names(l.Text!))
            .Where(n => !TemplateTokens.FilledByWorker.Contains(n, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>Throws <see cref="InvalidInputException"/> listing every problem in one message.</summary>
    public WatermarkTemplate Validated()
    {
        var problems = Problems();
        return problems.Count == 0
            ? this
            : throw new InvalidInputException($"The template{(Name.Length > 0 ? $" '{Name}'" : "")} is not valid: {string.Join(" ", problems)}");
    }
}
