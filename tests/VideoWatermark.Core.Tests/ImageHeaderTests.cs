using VideoWatermark.Core.Watermarks;
using VideoWatermark.Testing.Media;

namespace VideoWatermark.Core.Tests;

public sealed class ImageHeaderTests
{
    [Theory]
    [InlineData("png", "PNG")]
    [InlineData("jpg", "JPEG")]
    [InlineData("webp", "WebP")]
    [InlineData("gif", "GIF")]
    [InlineData("bmp", "BMP")]
    public void Reads_the_size_of_every_image_format_ffmpeg_writes(string extension, string format)
    {
        var dir = TestMedia.NewTempDirectory("vw-portal-img");
        try
        {
            var path = Path.Combine(dir, "mark." + extension);
            MediaTool.Ffmpeg("-y", "-f", "lavfi", "-i", "color=c=orange:size=334x78", "-frames:v", "1", "-update", "1", path);

            var header = ImageHeader.TryRead(File.ReadAllBytes(path));

            Assert.NotNull(header);
            Assert.Equal((format, 334, 78), (header.Format, header.Width, header.Height));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_seed_watermark_reads_as_640_by_480()
    {
        using var seed = DefaultWatermark.OpenRead();
        using var buffer = new MemoryStream();
        seed.CopyTo(buffer);
        Assert.Equal(new ImageHeaderInfo("PNG", "image/png", 640, 480), ImageHeader.TryRead(buffer.ToArray()));
    }

    [Fact]
    public void Text_and_truncated_headers_are_not_images()
    {
        Assert.Null(ImageHeader.TryRead("just some text, not a picture"u8));
        Assert.Null(ImageHeader.TryRead([0x89, 0x50, 0x4E, 0x47]));
        Assert.Null(ImageHeader.TryRead([0xFF, 0xD8, 0xFF]));
    }
}
