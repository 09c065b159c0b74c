using SkiaSharp;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine.Images;

namespace VideoWatermark.Engine.Tests.Images;

public sealed class VisibleAreaMeasureTests
{
    [Fact]
    public void The_seed_watermarks_visible_part_is_the_box_Core_names()
    {
        using var seed = DefaultWatermark.OpenRead();
        using var bytes = new MemoryStream();
        seed.CopyTo(bytes);

        Assert.Equal(DefaultWatermark.Visible, VisibleAreaMeasure.Measure(bytes.ToArray()));
    }

    [Fact]
    public void The_box_holds_exactly_the_pixels_above_the_threshold()
    {
        var png = Png(200, 100, canvas =>
        {
            using var solid = new SKPaint { Color = new SKColor(255, 0, 0, 255) };
            canvas.DrawRect(SKRect.Create(30, 20, 50, 10), solid);
            // Faint specks a viewer never sees, as anti-aliasing and compression leave, do not widen the box.
            using var faint = new SKPaint { Color = new SKColor(255, 255, 255, VisibleArea.AlphaThreshold) };
            canvas.DrawRect(SKRect.Create(0, 0, 5, 5), faint);
            canvas.DrawRect(SKRect.Create(190, 90, 10, 10), faint);
            using var just = new SKPaint { Color = new SKColor(255, 255, 255, VisibleArea.AlphaThreshold + 1) };
            canvas.DrawRect(SKRect.Create(120, 70, 1, 1), just);
        });

        Assert.Equal(new VisibleArea(30, 20, 91, 51), VisibleAreaMeasure.Measure(png));
    }

    [Fact]
    public void A_fully_transparent_image_has_no_visible_part_and_an_opaque_one_is_all_visible()
    {
        Assert.Null(VisibleAreaMeasure.Measure(Png(40, 30, _ => { })));
        Assert.Equal(VisibleArea.Whole(40, 30), VisibleAreaMeasure.Measure(Png(40, 30, c => c.Clear(SKColors.Navy))));
    }

    [Fact]
    public void Bytes_that_are_not_an_image_do_not_decode()
    {
        Assert.Throws<InvalidDataException>(() => VisibleAreaMeasure.Measure("not an image"u8));
    }

    private static byte[] Png(int width, int height, Action<SKCanvas> draw)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            draw(canvas);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
