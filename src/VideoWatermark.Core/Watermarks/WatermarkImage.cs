using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace VideoWatermark.Core.Watermarks;

/// <summary>
/// The one check of a watermark image from its bytes, made by the portal when an image is added and by the worker
/// before ffmpeg sees it: the format by its magic numbers (never by its name), the declared size from the header
/// before anything is decoded (a 20000x20000 PNG is a few bytes that decode to gigabytes), and for PNG every chunk's
/// checksum. SVG, HTML and text are refused: an SVG can make its renderer fetch external files.
/// </summary>
public static class WatermarkImage
{
    /// <summary>Larger than any frame we encode: a bigger image is a mistake or a decompression bomb.</summary>
    public const int MaxSide = 8192;

    /// <summary>A logo is kilobytes; anything beyond this is not read into memory at all.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public const string Formats = "PNG, JPEG, WebP, GIF or BMP";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The image's format and size, or why it is refused: one sentence starting with <paramref name="subject"/>
    /// (such as <c>'logo.png'</c> or <c>The watermark 'logo.png'</c>).
    /// </summary>
    public static (ImageHeaderInfo? Image, string? Problem) Inspect(ReadOnlySpan<byte> data, string subject)
    {
        if (data.Length == 0)
        {
            return (null, $"{subject} is empty (0 bytes).");
        }

        if (data.Length > MaxBytes)
        {
            return (null, $"{subject} is {ByteSize.Format(data.Length)}; a watermark image may be at most {ByteSize.Format(MaxBytes)}.");
        }

        var header = ImageHeader.TryRead(data[..Math.Min(data.Length, ImageHeader.BytesNeeded)]);
        if (header is null)
        {
            return (null, $"{subject} is {WhatItIs(data)}, not a {Formats} image.");
        }

        if (header.Width is < 1 or > MaxSide || header.Height is < 1 or > MaxSide)
        {
            return (null, $"{subject} is {header.Width}x{header.Height} pixels; use an image between 1x1 and {MaxSide}x{MaxSide}.");
        }

        if (header.Unsupported is { } variant)
        {
            return (null, $"{subject} is {variant}, which the video encoder cannot read: save it again as an ordinary JPEG or as a PNG.");
        }

        return header.Format == "PNG" && PngDamage(data) is { } damage
            ? (null, $"{subject} is a damaged PNG ({damage}).")
            : (header, null);
    }

    /// <summary>What a file that is not an image looks like, for the refusal; SVG named as the reason it is refused.</summary>
    private static string WhatItIs(ReadOnlySpan<byte> data)
    {
        var start = data[..Math.Min(data.Length, 4096)];
        if (start.IndexOf((byte)0) >= 0)
        {
            return "an unknown kind of file";
        }

        var text = Encoding.UTF8.GetString(start).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.Contains("<svg", StringComparison.OrdinalIgnoreCase))
        {
            return "an SVG drawing (which can load external files)";
        }

        return text.StartsWith('<') && text.Contains("html", StringComparison.OrdinalIgnoreCase) ? "an HTML page" : "text";
    }

    /// <summary>
    /// Walks the PNG's chunks without decoding anything: each must fit in the file and match its CRC, the header
    /// must come first and the image data and end chunk must be there. Null when the file is whole.
    /// </summary>
    private static string? PngDamage(ReadOnlySpan<byte> data)
    {
        var position = PngSignature.Length;
        var sawData = false;
        var first = true;
        while (position + 12 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            if (length > int.MaxValue || position + 12 + (long)length > data.Length)
            {
                return "it is cut short";
            }

            var typeAndData = data.Slice(position + 4, 4 + (int)length);
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            if (Crc32.HashToUInt32(typeAndData) != BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)length)..]))
            {
                return $"its {Printable(type)} chunk fails its checksum";
            }

            if (first && type != "IHDR")
            {
                return "it does not start with its header chunk";
            }

            first = false;
            sawData |= type == "IDAT";
            if (type == "IEND")
            {
                return sawData ? null : "it has no image data";
            }

            position += 12 + (int)length;
        }

        return "it is cut short";
    }

    private static string Printable(string type) => type.All(char.IsAsciiLetter) ? type : "a";
}
