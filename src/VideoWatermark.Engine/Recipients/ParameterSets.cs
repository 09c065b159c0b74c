using System.Buffers.Binary;
using System.Text;

namespace VideoWatermark.Engine.Recipients;

/// <summary>
/// An MP4's H.264 parameter sets (SPS and PPS) as its <c>avcC</c> box holds them. A stream-copy join keeps the
/// first file's parameter sets for every piece: a piece encoded with others would decode wrongly, so the pieces of a
/// copy are compared before they are joined. Read from the file's boxes (ftyp, moov, …) in process: no ffprobe per
/// piece.
/// </summary>
internal static class ParameterSets
{
    private static readonly string[] Path = ["moov", "trak", "mdia", "minf", "stbl", "stsd"];

    /// <summary>The first video track's <c>avcC</c> payload; null when the file has none.</summary>
    public static byte[]? Read(string file)
    {
        using var stream = File.OpenRead(file);
        var (start, end) = (0L, stream.Length);
        foreach (var name in Path)
        {
            if (Find(stream, start, end, name) is not { } box)
            {
                return null;
            }

            (start, end) = box;
        }

        // stsd: version and flags, an entry count, then sample entries; a visual sample entry's boxes start 78 bytes in.
        if (Find(stream, start + 8, end, "avc1") is not { } entry || Find(stream, entry.Start + 78, entry.End, "avcC") is not { } avcC)
        {
            return null;
        }

        var payload = new byte[avcC.End - avcC.Start];
        stream.Position = avcC.Start;
        stream.ReadExactly(payload);
        return payload;
    }

    /// <summary>The payload of the first box named <paramref name="name"/> between two offsets.</summary>
    private static (long Start, long End)? Find(Stream stream, long start, long end, string name)
    {
        Span<byte> header = stackalloc byte[16];
        var position = start;
        while (position + 8 <= end)
        {
            stream.Position = position;
            stream.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerSize = 8;
            if (size == 1)
            {
                stream.ReadExactly(header[8..16]);
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..16]);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = end - position;
            }

            if (size < headerSize || position + size > end)
            {
                return null;
            }

            if (Encoding.ASCII.GetString(header[4..8]) == name)
            {
                return (position + headerSize, position + size);
            }

            position += size;
        }

        return null;
    }
}
