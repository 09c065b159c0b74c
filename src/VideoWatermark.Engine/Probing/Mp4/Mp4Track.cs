namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>One <c>trak</c> of an <see cref="Mp4Movie"/>: ffmpeg makes one stream of each, in file order.</summary>
/// <param name="Index">The stream's index as ffmpeg numbers it (<c>-map 0:N</c>).</param>
/// <param name="Handler"><c>vide</c>, <c>soun</c>, or another handler type.</param>
/// <param name="Matrix">The track header's matrix: a, b, u, c, d, v, x, y, w.</param>
/// <param name="Edits">The edit list; empty when the track has none.</param>
/// <param name="DecoderConfiguration">
/// For H.264, the sample entry's type and its decoder configuration (<c>avcC</c>: profile, level, parameter sets) as
/// stored; null for other codecs.
/// </param>
internal sealed record Mp4Track(
    int Index,
    string Handler,
    uint Timescale,
    ulong MediaDuration,
    int[] Matrix,
    IReadOnlyList<Mp4Edit> Edits,
    Mp4SampleEntry Entry,
    byte[]? DecoderConfiguration,
    Mp4Samples Samples)
{
    public static Mp4Track Parse(Box trak, int index)
    {
        var tkhd = trak.Child("tkhd") ?? throw new Mp4FormatException("a track has no header");
        var matrix = ReadMatrix(tkhd, tkhd.Version == 1 ? 52 : 40);
        var mdia = trak.Child("mdia") ?? throw new Mp4FormatException("a track has no media");
        var mdhd = mdia.Child("mdhd") ?? throw new Mp4FormatException("a track has no media header");
        var (timescale, duration) = mdhd.Version == 1 ? (mdhd.U32(20), mdhd.U64(24)) : (mdhd.U32(12), (ulong)mdhd.U32(16));
        if (timescale == 0)
        {
            throw new Mp4FormatException("a track has no time scale");
        }

        var handler = mdia.Child("hdlr") is { } hdlr ? Box.TypeName(hdlr.Span.Slice(8, 4)) : "";
        var stbl = mdia.Find("minf", "stbl") ?? throw new Mp4FormatException("a track has no sample table");
        var stsd = stbl.Child("stsd") ?? throw new Mp4FormatException("a track has no sample description");
        var entries = stsd.Children(8).ToList();
        if (entries.Count != 1 || stsd.U32(4) != 1)
        {
            throw new Mp4FormatException("a track has more than one sample description");
        }

        var entry = entries[0];
        byte[]? configuration = entry.Type is "avc1" or "avc3" && entry.Child("avcC", 78) is { } avcC
            ? [.. System.Text.Encoding.Latin1.GetBytes(entry.Type), .. avcC.Span]
            : null;
        return new Mp4Track(index, handler, timescale, duration, matrix, ReadEdits(trak), Mp4SampleEntry.Parse(entry, handler), configuration,
            Mp4Samples.Parse(stbl));
    }

    private static List<Mp4Edit> ReadEdits(Box trak)
    {
        var edits = new List<Mp4Edit>();
        if (trak.Find("edts", "elst") is not { } elst)
        {
            return edits;
        }

        var count = elst.U32(4);
        var wide = elst.Version == 1;
        var size = wide ? 20 : 12;
        for (var n = 0; n < count; n++)
        {
            var at = 8 + (n * size);
            edits.Add(wide
                ? new Mp4Edit(elst.U64(at), elst.I64(at + 8), elst.I32(at + 16))
                : new Mp4Edit(elst.U32(at), elst.I32(at + 4), elst.I32(at + 8)));
        }

        return edits;
    }

    public static int[] ReadMatrix(Box box, int offset) => [.. Enumerable.Range(0, 9).Select(n => box.I32(offset + (4 * n)))];

    public static bool IsIdentity(int[] matrix) => matrix is [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];
}

/// <param name="SegmentDuration">In the movie's time scale.</param>
/// <param name="MediaTime">In the track's time scale; -1 for an empty edit (nothing shown for its duration).</param>
/// <param name="Rate">16.16 fixed point; 0x10000 plays at normal speed.</param>
internal sealed record Mp4Edit(ulong SegmentDuration, long MediaTime, int Rate);
