using System.Buffers.Binary;

namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// An MP4 or QuickTime file's index (its <c>moov</c> box) read in-process: the movie's time scale and matrix and
/// each track's handler, edits, sample description and sample tables. The index is read whole, and every sample's
/// bytes must lie inside the file's media data, so a file cut short reads as unreadable here, never as a shorter
/// video. Fragmented files (<c>moof</c>) are not read.
/// </summary>
internal sealed record Mp4Movie(uint Timescale, ulong Duration, bool IdentityMatrix, IReadOnlyList<Mp4Track> Tracks)
{
    /// <summary>An index larger than this is not read here (ffprobe reads such a file): a 10-hour video's is tens of MB.</summary>
    private const long LargestIndex = 256L << 20;

    /// <exception cref="Mp4FormatException">The file is not an MP4 this reader can vouch for.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Mp4Movie Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        var length = file.Length;
        byte[]? index = null;
        var media = new List<(long Start, long End)>();
        Span<byte> header = stackalloc byte[16];
        for (long position = 0; position < length;)
        {
            file.Position = position;
            var got = file.ReadAtLeast(header, 8, throwOnEndOfStream: false);
            if (got < 8)
            {
                throw new Mp4FormatException("the file ends inside a box header");
            }

            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Box.TypeName(header[4..8]);
            var headerSize = 8;
            if (size == 1)
            {
                size = got >= 16 ? (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]) : 0;
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - position;
            }

            if (size < headerSize || size > length - position)
            {
                throw new Mp4FormatException($"box '{type}' runs past the end of the file");
            }

            switch (type)
            {
                case "moov" when index is not null:
                    throw new Mp4FormatException("two indexes");
                case "moov" when size - headerSize > LargestIndex:
                    throw new Mp4FormatException("the index is too large to read here");
                case "moov":
                    index = new byte[size - headerSize];
                    file.Position = position + headerSize;
                    file.ReadExactly(index);
                    break;
                case "mdat":
                    media.Add((position + headerSize, position + size));
                    break;
                case "moof" or "mfra" or "styp" or "sidx":
                    throw new Mp4FormatException("a fragmented file");
            }

            position += size;
        }

        if (index is null)
        {
            throw new Mp4FormatException("no index (moov)");
        }

        var movie = Parse(new Box("moov", index));
        foreach (var track in movie.Tracks)
        {
            track.Samples.CheckInside(media);
        }

        return movie;
    }

    private static Mp4Movie Parse(Box moov)
    {
        var mvhd = moov.Child("mvhd") ?? throw new Mp4FormatException("no movie header");
        var (timescale, duration, matrixAt) = mvhd.Version == 1
            ? (mvhd.U32(20), mvhd.U64(24), 32 + 4 + 2 + 10)
            : (mvhd.U32(12), (ulong)mvhd.U32(16), 20 + 4 + 2 + 10);
        if (timescale == 0)
        {
            throw new Mp4FormatException("the movie has no time scale");
        }

        var tracks = moov.Children().Where(b => b.Type == "trak").Select((trak, n) => Mp4Track.Parse(trak, n)).ToList();
        return new Mp4Movie(timescale, duration, Mp4Track.IsIdentity(Mp4Track.ReadMatrix(mvhd, matrixAt)), tracks);
    }
}
