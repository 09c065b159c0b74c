using SkiaSharp;

namespace VideoWatermark.Engine.Text;

/// <summary>
/// A tiled layer as one frame-sized image, drawn once: a grid of the mark, rotated as a whole, covering the frame.
/// One overlay of this costs what one overlay costs, where a grid of overlays would cost one per cell. The cells are
/// drawn at the layer's opacity (they never overlap), so ffmpeg has no frame-sized alpha to rescale.
/// </summary>
public static class TileRenderer
{
    public static SKBitmap Tile(SKBitmap mark, int frameWidth, int frameHeight, float rotation, double opacity = 1)
    {
        ArgumentNullException.ThrowIfNull(mark);
        var tile = new SKBitmap(new SKImageInfo(frameWidth, frameHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(tile);
        canvas.Clear(SKColors.Transparent);
        canvas.Translate(frameWidth / 2f, frameHeight / 2f);
        canvas.RotateDegrees(rotation);

        // Cells are the mark plus half its size of space; the grid spans the frame's diagonal so rotation leaves no
        // bare corner. Odd rows shift by half a cell, like bricks.
        var stepX = mark.Width * 1.5f;
        var stepY = mark.Height * 2.5f;
        var reach = MathF.Sqrt((frameWidth * frameWidth) + (frameHeight * frameHeight)) / 2;
        using var image = SKImage.FromBitmap(mark);
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        using var paint = LayerPng.Paint(opacity);
        var row = 0;
        for (var y = -reach; y < reach; y += stepY, row++)
        {
            for (var x = -reach - (row % 2 * stepX / 2); x < reach; x += stepX)
            {
                canvas.DrawImage(image, x, y, sampling, paint);
            }
        }

        return tile;
    }
}
