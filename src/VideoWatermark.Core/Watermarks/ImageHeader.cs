using System.Buffers.Binary;

namespace VideoWatermark.Core.Watermarks;

/// <summary>An image's format and size, read from its first bytes.</summary>
/// <param name="Unsupported">Set when the file is of a known format in a variant the video encoder cannot read (an
/// arithmetic-coded JPEG): what it is, as the refusal names it.</param>
public sealed record ImageHeaderInfo(string Format, string ContentType, int Width, int Height, string? Unsupported = null);

/// <summary>
/// Reads the format and dimensions from the header of the image formats ffmpeg's overlay takes as a still (PNG,
/// JPEG, WebP, GIF, BMP), so a watermark that is not an image, or is absurdly large, is refused before it is stored.
/// </summary>
public static class ImageHeader
{
    /// <summary>Enough for every header above, JPEG's EXIF blocks before the frame header included.</summary>
    public const int BytesNeeded = 256 * 1024;

    public static ImageHeaderInfo? TryRead(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 24 && data[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })
            && data.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return new("PNG", "image/png", BinaryPrimitives.ReadInt32BigEndian(data[16..]), BinaryPrimitives.ReadInt32BigEndian(data[20..]));
        }

        if (data.Length >= 10 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)))
        {
            return new("GIF", "image/gif", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));
        }

        // "BM" alone is too common a start for text; the size of the info header that follows is one of a few.
        if (data.Length >= 26 && data[0] == 'B' && data[1] == 'M'
            && BinaryPrimitives.ReadInt32LittleEndian(data[14..]) is 40 or 52 or 56 or 108 or 124)
        {
            return new("BMP", "image/bmp", BinaryPrimitives.ReadInt32LittleEndian(data[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data[22..])));
        }

        if (data.Length >= 30 && data[..4].SequenceEqual("RIFF"u8) && data.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return ReadWebP(data);
        }

        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            return ReadJpeg(data);
        }

        return null;
    }

    private static ImageHeaderInfo? ReadWebP(ReadOnlySpan<byte> data)
    {
        var chunk = data.Slice(12, 4);
        if (chunk.SequenceEqual("VP8X"u8))
        {
            var w = 1 + (data[24] | (data[25] << 8) | (data[26] << 16));
            var h = 1 + (data[27] | (data[28] << 8) | (data[29] << 16));
            return new("WebP", "image/webp", w, h);
        }

        if (chunk.SequenceEqual("VP8L"u8) && data[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return new("WebP", "image/webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8) && data[23] == 0x9D && data[24] == 0x01 && data[25] == 0x2A)
        {
            return new("WebP", "image/webp", BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }

        return null;
    }

    private static ImageHeaderInfo? ReadJpeg(ReadOnlySpan<byte> data)
    {
        var i = 2;
        while (i + 9 < data.Length)
        {
            if (data[i] != 0xFF)
            {
                return null;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);

            // SOF0..SOF15 carry the frame size; C4 (Huffman tables), C8 and CC (arithmetic coding) share the range but do not.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return new("JPEG", "image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]), UnsupportedJpeg(marker));
            }

            i += 2 + length;
        }

        return null;
    }

    /// <summary>
    /// ffmpeg's JPEG decoder reads Huffman-coded sequential, progressive and lossless frames only (SOF0..SOF3), while
    /// Skia, which checks the image, also decodes arithmetic-coded ones: such a watermark would pass the check and fail
    /// the encode.
    /// </summary>
    private static string? UnsupportedJpeg(byte marker) => marker switch
    {
        >= 0xC9 and <= 0xCF => "an arithmetic-coded JPEG",
        >= 0xC5 and <= 0xC7 => "a hierarchical JPEG",
        _ => null,
    };
}
