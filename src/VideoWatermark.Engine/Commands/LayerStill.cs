using VideoWatermark.Core.Templates;

namespace VideoWatermark.Engine.Commands;

/// <summary>
/// One layer's still image on disk. <paramref name="Drawn"/> stills (text, tiles) are already at their final size and
/// rotation; a library image is scaled and rotated by ffmpeg, once, on its single frame.
/// </summary>
internal sealed record LayerStill(string Path, int Width, int Height, TemplateLayer Layer, bool Drawn);
