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

    /// <summary>Throws <see cref="InvalidInputException"/> listing every problem in one message.</summary>
    public WatermarkTemplate Validated()
    {
        var problems = Problems();
        return problems.Count == 0
            ? this
            : throw new InvalidInputException($"The template{(Name.Length > 0 ? $" '{Name}'" : "")} is not valid: {string.Join(" ", problems)}");
    }
}
