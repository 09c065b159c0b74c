using System.Buffers.Binary;
using System.Text;

namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// One ISO base media file box (ISO/IEC 14496-12, 4.2) held in memory: its four-character type and its payload,
/// with big-endian reads at an offset and its child boxes. Any size that runs past its parent makes the whole file
/// unreadable here (<see cref="Mp4FormatException"/>), so nothing is read from a box that is not wholly there.
/// </summary>
internal readonly struct Box(string type, ReadOnlyMemory<byte> payload)
{
    public string Type { get; } = type;

    public ReadOnlyMemory<byte> Payload { get; } = payload;

    public ReadOnlySpan<byte> Span => Payload.Span;

    /// <summary>The boxes inside this one, from <paramref name="skip"/> bytes into the payload.</summary>
    public IEnumerable<Box> Children(int skip = 0) => Parse(Payload[Math.Min(skip, Payload.Length)..]);

    /// <summary>The first child of the given type, if any.</summary>
    public Box? Child(string childType, int skip = 0)
    {
        foreach (var child in Children(skip))
        {
            if (child.Type == childType)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>The first box along a path of child types (<c>"mdia", "minf", "stbl"</c>).</summary>
    public Box? Find(params string[] path)
    {
        Box? current = this;
        foreach (var step in path)
        {
            current = current?.Child(step);
        }

        return current;
    }

    public byte U8(int offset) => Span[Checked(offset, 1)];

    public ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Span[Checked(offset, 2)..]);

    public uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Span[Checked(offset, 4)..]);

    public int I32(int offset) => BinaryPrimitives.ReadInt32BigEndian(Span[Checked(offset, 4)..]);

    public ulong U64(int offset) => BinaryPrimitives.ReadUInt64BigEndian(Span[Checked(offset, 8)..]);

    public long I64(int offset) => BinaryPrimitives.ReadInt64BigEndian(Span[Checked(offset, 8)..]);

    /// <summary>A full box's version (the payload's first byte).</summary>
    public byte Version => U8(0);

    /// <summary>Boxes laid end to end, as in a file or a container box's payload.</summary>
    public static IEnumerable<Box> Parse(ReadOnlyMemory<byte> data)
    {
        var offset = 0;
        while (data.Length - offset >= 8)
        {
            var span = data.Span[offset..];
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(span);
            var type = TypeName(span[4..8]);
            var header = 8;
            if (size == 1)
            {
                size = span.Length >= 16 ? (long)BinaryPrimitives.ReadUInt64BigEndian(span[8..]) : 0;
                header = 16;
            }
            else if (size == 0)
            {
                size = span.Length;
            }

            if (size < header || size > span.Length)
            {
                throw new Mp4FormatException($"box '{type}' runs past its parent");
            }

            yield return new Box(type, data.Slice(offset + header, (int)size - header));
            offset += (int)size;
        }
    }

    public static string TypeName(ReadOnlySpan<byte> fourBytes) => Encoding.Latin1.GetString(fourBytes);

    private int Checked(int offset, int length) =>
        offset >= 0 && offset + length <= Payload.Length
            ? offset
            : throw new Mp4FormatException($"box '{Type}' is too short");
}

/// <summary>The file is not an MP4 this reader can vouch for; ffprobe reads it instead.</summary>
internal sealed class Mp4FormatException(string message) : Exception(message);
