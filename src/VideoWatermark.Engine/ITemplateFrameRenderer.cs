using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine;

/// <summary>One moment of a template drawn over a still frame, by the code path that watermarks videos.</summary>
public interface ITemplateFrameRenderer
{
    /// <summary>
    /// Draws <see cref="TemplateFrameRequest.Template"/> over the frame as the output shows it at
    /// <see cref="TemplateFrameRequest.Seconds"/>: the same layer stills, the same filter graph (timing, fades,
    /// motion) and the same final pixel format as <see cref="ITemplateEngine.ApplyTemplateAsync"/>: a PNG, with
    /// where each layer landed.
    /// </summary>
    /// <exception cref="Core.Errors.InvalidInputException">The template is invalid, a token has no value, or a text
    /// cannot be drawn; the message names it.</exception>
    Task<TemplateFrame> RenderFrameAsync(TemplateFrameRequest request, CancellationToken cancellationToken = default);
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

/// <param name="Png">The frame as drawn.</param>
/// <param name="Width">The frame's width in pixels (the video's, made even as an output's is).</param>
/// <param name="Height">Its height.</param>
/// <param name="Boxes">Each layer's box, in layer order, in the frame's pixels; null for a tiled or moving layer.</param>
public sealed record TemplateFrame(byte[] Png, int Width, int Height, IReadOnlyList<LayerBox?> Boxes);
