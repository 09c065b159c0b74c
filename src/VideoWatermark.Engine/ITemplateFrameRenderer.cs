using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine;

/// <summary>One moment of a template drawn over a still frame, by the code path that watermarks videos.</summary>
public interface ITemplateFrameRenderer
{
    /// <summary>
    /// Draws <see cref="TemplateFrameRequest.Template"/> over the frame as the output shows it at
    /// <see cref="TemplateFrameRequest.Seconds"/>: the same layer stills, the same filter graph (timing, fades,
    /// motion) and the same final pixel format as <see cref="ITemplateEngine.ApplyTemplateAsync"/>. Returns a PNG.
    /// </summary>
    /// <exception cref="Core.Errors.InvalidInputException">The template is invalid, a token has no value, or a text
    /// cannot be drawn; the message names it.</exception>
    Task<byte[]> RenderFrameAsync(TemplateFrameRequest request, CancellationToken cancellationToken = default);
}

/// <param name="FramePath">A PNG or JPEG the size of the video the template is previewed for.</param>
/// <param name="Tokens">Every token's value (<see cref="TokenValues.For"/>).</param>
/// <param name="ImageFolder">Where image layers' relative paths start; the drawing's scratch files go under it too.</param>
/// <param name="Seconds">The moment shown.</param>
/// <param name="VideoSeconds">The length of the video it stands for: where a layer without an end stops.</param>
public sealed record TemplateFrameRequest(
    string FramePath,
    WatermarkTemplate Template,
    IReadOnlyDictionary<string, string> Tokens,
    string ImageFolder,
    double Seconds,
    double VideoSeconds);
