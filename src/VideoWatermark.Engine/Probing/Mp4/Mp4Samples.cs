namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// A track's sample tables (ISO/IEC 14496-12, 8.6–8.7): each sample's decode time, composition offset, key flag and
/// where its bytes are, in decode order.
/// </summary>
internal sealed class Mp4Samples
{
    /// <summary>
    /// More samples than this in one track are ffprobe's to read: 185 hours of 30 fps video, or a long PCM track,
    /// which stores every audio frame as a sample.
    /// </summary>
    private const uint LargestSampleCount = 20_000_000;

    private Mp4Samples(long[] decodeTimes, long end, int[]? compositionOffsets, HashSet<int>? syncSamples, long[] chunkStarts, long[] chunkEnds)
    {
        DecodeTimes = decodeTimes;
        DecodeEnd = end;
        CompositionOffsets = compositionOffsets;
        SyncSamples = syncSamples;
        ChunkStarts = chunkStarts;
        ChunkEnds = chunkEnds;
    }

    /// <summary>Each sample's decode time in the track's time scale.</summary>
    public long[] DecodeTimes { get; }

    /// <summary>The decode time after the last sample: the track's length by its samples.</summary>
    public long DecodeEnd { get; }

    /// <summary>Each sample's composition offset, or null when every sample shows when it decodes.</summary>
    public int[]? CompositionOffsets { get; }

    /// <summary>Zero-based indexes of the keyframes, or null when every sample is one.</summary>
    public HashSet<int>? SyncSamples { get; }

    public int Count => DecodeTimes.Length;

    private long[] ChunkStarts { get; }

    private long[] ChunkEnds { get; }

    public long PresentationTime(int sample) => DecodeTimes[sample] + (CompositionOffsets?[sample] ?? 0);

    public bool IsKey(int sample) => SyncSamples?.Contains(sample) ?? true;

    /// <exception cref="Mp4FormatException">A chunk's bytes are not all inside the file's media data.</exception>
    public void CheckInside(IReadOnlyList<(long Start, long End)> media)
    {
        for (var chunk = 0; chunk < ChunkStarts.Length; chunk++)
        {
            var (start, end) = (ChunkStarts[chunk], ChunkEnds[chunk]);
            if (end > start && !media.Any(m => start >= m.Start && end <= m.End))
            {
                throw new Mp4FormatException("a sample lies outside the media data: the file is cut short");
            }
        }
    }

    public static Mp4Samples Parse(Box stbl)
    {
        var sizes = Sizes(stbl);
        var stts = stbl.Child("stts") ?? throw new Mp4FormatException("no decode times");
        var times = new long[sizes.Length];
        var (sample, time) = (0, 0L);
        for (var n = 0; n < stts.U32(4); n++)
        {
            var (count, delta) = (stts.U32(8 + (8 * n)), stts.U32(12 + (8 * n)));
            if (count > times.Length - sample)
            {
                throw new Mp4FormatException("the sample tables disagree on the number of samples");
            }

            for (var k = 0; k < count; k++)
            {
                times[sample++] = time;
                time += delta;
            }
        }

        if (sample != times.Length)
        {
            throw new Mp4FormatException("the sample tables disagree on the number of samples");
        }

        var offsets = ReadCompositionOffsets(stbl, times.Length);
        HashSet<int>? sync = null;
        if (stbl.Child("stss") is { } stss)
        {
            sync = [];
            for (var n = 0; n < stss.U32(4); n++)
            {
                sync.Add((int)stss.U32(8 + (4 * n)) - 1);
            }
        }

        var (starts, ends) = Chunks(stbl, sizes);
        return new Mp4Samples(times, time, offsets, sync, starts, ends);
    }

    private static long[] Sizes(Box stbl)
    {
        var stsz = stbl.Child("stsz") ?? throw new Mp4FormatException("no sample sizes (or compact ones)");
        var (fixedSize, listed) = (stsz.U32(4), stsz.U32(8));
        if (listed > LargestSampleCount || (fixedSize == 0 && 12 + (4L * listed) > stsz.Payload.Length))
        {
            throw new Mp4FormatException("more samples than this reader takes, or than the table holds");
        }

        var count = (int)listed;
        var sizes = new long[count];
        for (var n = 0; n < count; n++)
        {
            sizes[n] = fixedSize != 0 ? fixedSize : stsz.U32(12 + (4 * n));
        }

        return sizes;
    }

    private static int[]? ReadCompositionOffsets(Box stbl, int count)
    {
        if (stbl.Child("ctts") is not { } ctts)
        {
            return null;
        }

        var offsets = new int[count];
        var sample = 0;
        for (var n = 0; n < ctts.U32(4); n++)
        {
            var (runs, offset) = (ctts.U32(8 + (8 * n)), ctts.I32(12 + (8 * n)));
            for (var k = 0; k < runs && sample < count; k++)
            {
                offsets[sample++] = offset;
            }
        }

        return sample == count ? offsets : throw new Mp4FormatException("the composition offsets do not cover every sample");
    }

    /// <summary>Each chunk's byte range, from its offset and the sizes of the samples the sample-to-chunk table puts in it.</summary>
    private static (long[] Starts, long[] Ends) Chunks(Box stbl, long[] sizes)
    {
        var starts = ChunkOffsets(stbl);
        var ends = new long[starts.Length];
        var stsc = stbl.Child("stsc") ?? throw new Mp4FormatException("no sample-to-chunk table");
        var runs = (int)stsc.U32(4);
        var sample = 0;
        for (var n = 0; n < runs; n++)
        {
            var first = (int)stsc.U32(8 + (12 * n)) - 1;
            var perChunk = stsc.U32(12 + (12 * n));
            var next = n + 1 < runs ? (int)stsc.U32(8 + (12 * (n + 1))) - 1 : starts.Length;
            for (var chunk = first; chunk < next && chunk < starts.Length; chunk++)
            {
                var end = starts[chunk];
                for (var k = 0; k < perChunk && sample < sizes.Length; k++)
                {
                    end += sizes[sample++];
                }

                ends[chunk] = end;
            }
        }

        return sample == sizes.Length ? (starts, ends) : throw new Mp4FormatException("the chunks do not hold every sample");
    }

    private static long[] ChunkOffsets(Box stbl)
    {
        var (box, width) = stbl.Child("stco") is { } stco ? (stco, 4) : (stbl.Child("co64") ?? throw new Mp4FormatException("no chunk offsets"), 8);
        var count = box.U32(4);
        if (8 + (width * (long)count) > box.Payload.Length)
        {
            throw new Mp4FormatException("the chunk offset table is cut short");
        }

        var offsets = new long[count];
        for (var n = 0; n < offsets.Length; n++)
        {
            offsets[n] = width == 4 ? box.U32(8 + (4 * n)) : (long)box.U64(8 + (8 * n));
        }

        return offsets;
    }
}
