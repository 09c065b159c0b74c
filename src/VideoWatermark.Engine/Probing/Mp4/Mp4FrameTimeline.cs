using System.Globalization;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// A video track's <see cref="FrameTimeline"/> from an MP4's sample tables, read in-process: the times ffprobe's
/// packet listing gives (<see cref="FrameTimelineProbe"/>), to the microsecond it prints, for tracks whose edit list
/// is at most an empty edit and one edit that holds every frame, in H.264. Null for anything else, which ffprobe then
/// lists.
/// </summary>
internal static class Mp4FrameTimeline
{
    /// <param name="stream">As <see cref="FrameTimelineProbe"/> takes it: <c>v:0</c>, <c>V:0</c> or a stream index.</param>
    public static FrameTimeline? TryRead(string path, string stream)
    {
        try
        {
            return From(Mp4Movie.Read(path), stream);
        }
        catch (Exception e) when (e is Mp4FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException or IOException)
        {
            return null;
        }
    }

    private static FrameTimeline? From(Mp4Movie movie, string stream)
    {
        var track = stream is "v:0" or "V:0"
            ? movie.Tracks.FirstOrDefault(t => t.Handler == "vide")
            : int.TryParse(stream, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? movie.Tracks.FirstOrDefault(t => t.Index == index) : null;
        // Keyframes are the sync-sample table's, as ffmpeg takes them for H.264; other codecs mark more (HEVC's
        // random-access groups), so their frames are ffprobe's to list.
        if (track is not { Handler: "vide", Entry.Codec: "h264" } || movie.Tracks.Select(t => Start(movie, t)).ToList() is var starts && starts.Any(s => s is null))
        {
            return null;
        }

        // ffprobe lists times from the earliest stream's start, each printed to the microsecond.
        var first = Printed(starts.Min(s => s!.Value));
        var (emptyTicks, edit) = Edit(movie, track);
        var samples = track.Samples;
        var mediaStart = edit?.MediaTime ?? 0;
        var mediaEnd = edit is null ? long.MaxValue : mediaStart + Rescale((long)edit.SegmentDuration, movie.Timescale, track.Timescale);
        var packets = new List<(double Time, bool Key)>(samples.Count);
        for (var n = 0; n < samples.Count; n++)
        {
            var presented = samples.PresentationTime(n);
            if (presented >= mediaEnd)
            {
                return null;
            }

            if (presented >= mediaStart)
            {
                packets.Add((Printed((presented - mediaStart + emptyTicks) * (1.0 / track.Timescale)) - first, samples.IsKey(n)));
            }
        }

        return FrameTimelineProbe.FromPackets(packets, 0);
    }

    /// <summary>When the track's first shown sample is, in seconds; null for an edit list this reader does not follow.</summary>
    private static double? Start(Mp4Movie movie, Mp4Track track)
    {
        if (track.Edits.Count == 0 && track.Samples.CompositionOffsets is { } offsets && offsets.Min() != 0)
        {
            return null;
        }

        var (emptyTicks, edit) = Edit(movie, track);
        return edit is null && track.Edits.Count > 0 ? null : emptyTicks * (1.0 / track.Timescale);
    }

    /// <summary>The empty edit's length in the track's time scale, and the one edit (null without an edit list).</summary>
    private static (long EmptyTicks, Mp4Edit? Edit) Edit(Mp4Movie movie, Mp4Track track) => track.Edits switch
    {
        [{ MediaTime: >= 0, Rate: 0x10000 } edit] => (0, edit),
        [{ MediaTime: -1 } empty, { MediaTime: >= 0, Rate: 0x10000 } edit] => (Rescale((long)empty.SegmentDuration, movie.Timescale, track.Timescale), edit),
        _ => (0, null),
    };

    private static long Rescale(long value, uint from, uint to) =>
        (long)Math.Round((double)value * to / from, MidpointRounding.AwayFromZero);

    /// <summary>A time as ffprobe prints it (<c>%f</c>) and <see cref="FrameTimelineProbe"/> reads it back.</summary>
    private static double Printed(double seconds) =>
        double.Parse(seconds.ToString("F6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
