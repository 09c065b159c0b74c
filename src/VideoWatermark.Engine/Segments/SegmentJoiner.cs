using System.Globalization;
using System.Text;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Probing.Mp4;

namespace VideoWatermark.Engine.Segments;

/// <summary>
/// The join: ffmpeg's concat demuxer reads the segments one after another and the video is copied, never encoded
/// again; the audio is copied once from the source (re-encoded only where <see cref="AudioPlan"/> says so, as in one
/// pass); the index goes to the front, into room kept for it there (<see cref="IndexRoom"/>), so the file is written
/// once; only when the room turns out too small is it written again with <c>+faststart</c>, which moves the index by
/// rewriting the whole file. The segments' packets go into the output as they are when every segment describes its
/// video alike (<see cref="SameVideoDescription"/>).
/// </summary>
internal static class SegmentJoiner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The concat list. Each segment but the last says its duration: the time from its first frame to the next
    /// segment's first frame, so the next one starts at exactly the time its first frame had in the source, whatever
    /// length the segment's file gives its own last frame.
    /// </summary>
    public static string ConcatList(IReadOnlyList<VideoSegment> segments, IReadOnlyList<string> segmentFiles)
    {
        var list = new StringBuilder("ffconcat version 1.0\n");
        for (var i = 0; i < segments.Count; i++)
        {
            list.Append(Inv, $"file '{segmentFiles[i].Replace("'", "'\\''", StringComparison.Ordinal)}'\n");
            if (i < segments.Count - 1)
            {
                list.Append(Inv, $"duration {segments[i].Duration:0.######}\n");
            }
        }

        return list.ToString();
    }

    /// <summary>
    /// Bytes to keep at the front for the index: room for every video frame in the worst case (each frame its own
    /// chunk, with its own duration, composition offset and keyframe entry: 44 bytes), 1,500 bytes per second of
    /// each audio track (AAC at 48 kHz in the same worst case), and the headers. What the index leaves of it stays
    /// in the file as a free box.
    /// </summary>
    public static long IndexRoom(int videoFrames, double seconds, int audioTracks) =>
        HeaderRoom + (BytesPerFrame * (long)videoFrames) + (long)Math.Ceiling(Math.Max(0, seconds) * AudioBytesPerSecond * audioTracks);

    /// <summary>
    /// Whether an ffmpeg line says the file's end was not written: what it says, exiting with code 0, when the index
    /// did not fit the room kept for it (it has then overwritten the start of the media data).
    /// </summary>
    public static bool TrailerFailed(string ffmpegLine) =>
        ffmpegLine.Contains("reserved_moov_size is too small", StringComparison.Ordinal)
        || ffmpegLine.Contains("Error writing trailer", StringComparison.Ordinal);

    /// <summary>
    /// Whether every file is an MP4 whose first video track is H.264 with the same decoder configuration, byte for
    /// byte (profile, level, parameter sets): then the output's one description, the first segment's, holds for every
    /// segment, and the concat demuxer's conversion of each packet to start codes with the parameter sets in line
    /// (which the MP4 muxer then undoes; it is what keeps a segment with other parameters decodable) is work for
    /// nothing. Segments of one plan are encoded with the same settings, so this is the rule; anything unreadable
    /// here keeps the conversion.
    /// </summary>
    public static bool SameVideoDescription(IReadOnlyList<string> files)
    {
        byte[]? first = null;
        foreach (var file in files)
        {
            try
            {
                var configuration = Mp4Movie.Read(file).Tracks.FirstOrDefault(t => t.Handler == "vide")?.DecoderConfiguration;
                if (configuration is null || (first is not null && !configuration.AsSpan().SequenceEqual(first)))
                {
                    return false;
                }

                first ??= configuration;
            }
            catch (Exception e) when (e is Mp4FormatException or IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        return first is not null;
    }

    private const long HeaderRoom = 64 * 1024;
    private const long BytesPerFrame = 44;
    private const long AudioBytesPerSecond = 1500;

    /// <param name="start">The first frame's time in the source (the first segment's start).</param>
    /// <param name="indexRoom">Bytes kept at the front for the index (<see cref="IndexRoom"/>); null to move it there afterwards (<c>+faststart</c>).</param>
    /// <param name="packetsAsTheyAre">True when the segments describe their video alike (<see cref="SameVideoDescription"/>).</param>
    public static (IReadOnlyList<string> Arguments, string AudioSummary) Build(string listPath, string inputPath, VideoFacts video, double start, string outputPath, long? indexRoom, bool packetsAsTheyAre)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-nostats", "-f", "concat", "-safe", "0" };
        if (packetsAsTheyAre)
        {
            args.AddRange(["-auto_convert", "0"]);
        }

        // Every segment file starts at 0; the first frame goes back to where it was in the source (a video that starts
        // after its audio keeps the gap, as in one pass).
        if (start > 0)
        {
            args.AddRange(["-itsoffset", start.ToString("0.######", Inv)]);
        }

        args.AddRange(["-i", listPath, "-i", inputPath, "-map", "0:v:0", "-c:v", "copy"]);
        var audio = new List<string>();
        for (var n = 0; n < video.Audio.Count; n++)
        {
            var track = video.Audio[n];
            args.AddRange(["-map", $"1:{track.StreamIndex}"]);
            if (AudioPlan.CanCopy(track.Codec))
            {
                args.AddRange([$"-c:a:{n}", "copy"]);
                audio.Add($"{track.Codec} copied");
            }
            else
            {
                args.AddRange([$"-c:a:{n}", AudioPlan.ReencodeCodec, $"-b:a:{n}", AudioPlan.ReencodeBitrate]);
                audio.Add($"{track.Codec} re-encoded to AAC (not playable inside MP4)");
            }
        }

        args.AddRange(indexRoom is { } room ? ["-moov_size", room.ToString(Inv)] : ["-movflags", "+faststart"]);
        args.AddRange(["-f", "mp4", outputPath]);
        return (args, audio.Count == 0 ? "no audio" : string.Join(", ", audio));
    }
}
