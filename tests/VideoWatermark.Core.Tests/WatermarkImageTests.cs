using System.Buffers.Binary;
using System.Text;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Core.Tests;

/// <summary>The byte-level check the portal and the worker share, made before any decoder sees the image.</summary>
public sealed class WatermarkImageTests
{
    private static byte[] Seed()
    {
        using var seed = DefaultWatermark.OpenRead();
        using var buffer = new MemoryStream();
        seed.CopyTo(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public void The_seed_watermark_passes()
    {
        var (image, problem) = WatermarkImage.Inspect(Seed(), "'watermark.png'");

        Assert.Null(problem);
        Assert.Equal(new ImageHeaderInfo("PNG", "image/png", 640, 480), image);
    }

    [Fact]
    public void An_arithmetic_coded_jpeg_is_refused_saying_what_to_do()
    {
        var (image, problem) = WatermarkImage.Inspect(ArithmeticJpeg.Bytes(), "'logo.jpg'");

        Assert.Null(image);
        Assert.Equal("'logo.jpg' is an arithmetic-coded JPEG, which the video encoder cannot read: save it again as an ordinary JPEG or as a PNG.", problem);
    }

    [Fact]
    public void A_header_claiming_20000_by_20000_is_refused_without_decoding()
    {
        var huge = Seed();
        BinaryPrimitives.WriteInt32BigEndian(huge.AsSpan(16), 20000);
        BinaryPrimitives.WriteInt32BigEndian(huge.AsSpan(20), 20000);

        var (image, problem) = WatermarkImage.Inspect(huge, "'huge.png'");

        Assert.Null(image);
        Assert.Equal("'huge.png' is 20000x20000 pixels; use an image between 1x1 and 8192x8192.", problem);
    }

    [Theory]
    [InlineData("flip", "'logo.png' is a damaged PNG (its IDAT chunk fails its checksum).")]
    [InlineData("cut", "'logo.png' is a damaged PNG (it is cut short).")]
    [InlineData("no-end", "'logo.png' is a damaged PNG (it is cut short).")]
    public void A_damaged_png_is_refused_saying_how(string damage, string expected)
    {
        var bytes = Seed();
        var idat = bytes.AsSpan().IndexOf("IDAT"u8);
        var damaged = damage switch
        {
            "flip" => Flip(bytes, idat + 40),
            "cut" => bytes[..(bytes.Length / 2)],
            _ => bytes[..^12],
        };

        Assert.Equal(expected, WatermarkImage.Inspect(damaged, "'logo.png'").Problem);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"http://127.0.0.1/x.png\"/></svg>", "an SVG drawing (which can load external files)")]
    [InlineData("\uFEFF  <svg><use href=\"file:///etc/passwd\"/></svg>", "an SVG drawing (which can load external files)")]
    [InlineData("<!DOCTYPE html><html><img src=x></html>", "an HTML page")]
    [InlineData("BMW is a car, and this is text", "text")]
    [InlineData("GIF8 almost", "text")]
    public void Drawings_pages_and_text_are_refused_by_their_bytes_whatever_the_name(string content, string what)
    {
        var (image, problem) = WatermarkImage.Inspect(Encoding.UTF8.GetBytes(content), "'logo.png'");

        Assert.Null(image);
        Assert.Equal($"'logo.png' is {what}, not a PNG, JPEG, WebP, GIF or BMP image.", problem);
    }

    [Fact]
    public void Empty_and_binary_junk_are_refused()
    {
        Assert.Equal("'a.png' is empty (0 bytes).", WatermarkImage.Inspect([], "'a.png'").Problem);
        Assert.Equal("'a.png' is an unknown kind of file, not a PNG, JPEG, WebP, GIF or BMP image.", WatermarkImage.Inspect([0, 1, 2, 3, 0xFF], "'a.png'").Problem);
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x20;
        return copy;
    }
}
