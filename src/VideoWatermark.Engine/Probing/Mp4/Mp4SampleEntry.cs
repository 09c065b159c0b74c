namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// A track's sample description, as far as the engine needs it: the codec by ffmpeg's name, and for H.264 the
/// picture size and pixel format from its sequence parameter set (what ffprobe reports, not the entry's own width
/// and height). <see cref="Codec"/> is null for any codec this reader does not name.
/// </summary>
internal sealed record Mp4SampleEntry(string Format, string? Codec, AvcSequence? Avc)
{
    public static Mp4SampleEntry Parse(Box entry, string handler) => handler switch
    {
        "vide" => Video(entry),
        "soun" => Audio(entry),
        _ => new Mp4SampleEntry(entry.Type, null, null),
    };

    private static Mp4SampleEntry Video(Box entry)
    {
        // SampleEntry (8 bytes) and VisualSampleEntry's fields (70 bytes) come before the child boxes.
        if (entry.Type is not ("avc1" or "avc3") || entry.Child("avcC", 78) is not { } config)
        {
            return new Mp4SampleEntry(entry.Type, null, null);
        }

        return new Mp4SampleEntry(entry.Type, "h264", AvcSequence.FromConfiguration(config));
    }

    private static Mp4SampleEntry Audio(Box entry)
    {
        // QuickTime's sound description versions 1 and 2 carry 16 and 36 more bytes before the child boxes.
        var children = entry.U16(8) switch
        {
            0 => 28,
            1 => 44,
            2 => 64,
            _ => throw new Mp4FormatException("an unknown sound description version"),
        };
        var codec = entry.Type switch
        {
            "mp4a" => ObjectType(entry, children) switch
            {
                0x40 or 0x66 or 0x67 or 0x68 => "aac",
                0x69 or 0x6B => "mp3",
                0xA5 => "ac3",
                0xA6 => "eac3",
                _ => null,
            },
            "ac-3" => "ac3",
            "ec-3" => "eac3",
            "alac" => "alac",
            "Opus" => "opus",
            "fLaC" => "flac",
            _ => null,
        };
        return new Mp4SampleEntry(entry.Type, codec, null);
    }

    /// <summary>
    /// The decoder configuration's object type (ISO/IEC 14496-1, 7.2.6.6) from the <c>esds</c> box, which QuickTime
    /// files keep inside a <c>wave</c> box.
    /// </summary>
    private static int? ObjectType(Box entry, int children)
    {
        var esds = entry.Child("esds", children) ?? entry.Child("wave", children)?.Child("esds");
        if (esds is not { } box)
        {
            return null;
        }

        var data = box.Span[4..];
        var at = 0;
        if (!Descriptor(data, ref at, 0x03))
        {
            return null;
        }

        var flags = data[at + 2];
        at += 3 + ((flags & 0x80) != 0 ? 2 : 0) + ((flags & 0x20) != 0 ? 2 : 0);
        if ((flags & 0x40) != 0)
        {
            at += 1 + data[at];
        }

        return Descriptor(data, ref at, 0x04) && at < data.Length ? data[at] : null;
    }

    /// <summary>Steps over a descriptor's tag and size when the tag is the one expected.</summary>
    private static bool Descriptor(ReadOnlySpan<byte> data, ref int at, byte tag)
    {
        if (at >= data.Length || data[at] != tag)
        {
            return false;
        }

        at++;
        for (var n = 0; n < 4 && at < data.Length; n++)
        {
            if ((data[at++] & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
