using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine;

/// <summary>Watermarks one local video with a multi-layer template, in one encode.</summary>
public interface ITemplateEngine
{
    /// <summary>
    /// Fills the template's tokens (a token without a value refuses before any work), draws its text layers, probes
    /// the video and the image layers, and writes a web-ready MP4 as <see cref="IWatermarkEngine.ApplyAsync"/> does.
    /// </summary>
    /// <exception cref="Core.Errors.InvalidInputException">The template is invalid, a token has no value, or a text
    /// cannot be drawn (a character no installed font has, a control character); the message names it.</exception>
    Task<WatermarkResult> ApplyTemplateAsync(TemplateRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default);
}

/// <param name="Tokens">Every token's value (<see cref="TokenValues.For"/>).</param>
/// <param name="ImageFolder">Where image layers' relative paths start: the template file's folder on the CLI.</param>
public sealed record TemplateRequest(
    string InputPath,
    string OutputPath,
    WatermarkTemplate Template,
    IReadOnlyDictionary<string, string> Tokens,
    string ImageFolder,
    string? LogPath = null,
    string? InputName = null);
