namespace VideoWatermark.Engine.Probing.Mp4;

/// <summary>
/// <see cref="VideoFacts"/> read from an MP4 or QuickTime file's index in-process, for the files whose every fact this
/// reader can state as ffprobe would: H.264 video, audio in codecs it names, video and sound tracks only, a plain
/// rotation, at most an empty edit and one edit per track. Anything else is null, and ffprobe reads the file: one
/// process start less is all this is for, never a different answer.
/// </summary>
internal static class Mp4VideoFacts
{
    /// <summary>What ffmpeg calls the demuxer of every MP4 and QuickTime file.</summary>
    public const string FormatName = "mov,mp4,m4a,3gp,3g2,mj2";

    public static VideoFacts? TryRead(string path)
    {
        try
        {
            return From(Mp4Movie.Read(path));
        }
        catch (Exception e) when (e is Mp4FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    private static VideoFacts? From(Mp4Movie movie)
    {
        if (!movie.IdentityMatrix || movie.Tracks.Any(t => t.Handler is not ("vide" or "soun") || t.Entry.Codec is null))
        {
            return null;
        }

        var video = movie.Tracks.FirstOrDefault(t => t.Handler == "vide");
        var spans = movie.Tracks.Select(t => Span(movie, t)).ToList();
        if (video?.Entry.Avc is not { } picture || Rotation(video.Matrix) is not { } rotation || spans.Any(s => s is null))
        {
            return null;
        }

        // ffmpeg takes the movie header's length, unless the tracks run longer.
        var tracks = spans.Max(s => s!.Value.End) - spans.Min(s => s!.Value.Start);
        var duration = TimeSpan.FromSeconds(Math.Max(Microseconds(movie.Duration, movie.Timescale), tracks) / 1e6);
        if (duration <= TimeSpan.Zero)
        {
            return null;
        }

        var audio = movie.Tracks.Where(t => t.Handler == "soun").Select(t => new AudioTrack(t.Index, t.Entry.Codec!)).ToList();
        return new VideoFacts(FormatName, video.Index, "h264", picture.PixelFormat, picture.Width, picture.Height, rotation, duration, audio);
    }

    /// <summary>
    /// When the track starts and ends on the movie's timeline, in microseconds as ffmpeg rounds them: after an empty
    /// edit, for the one edit's length (or the media's, with no edit list). Null for edit lists beyond that.
    /// </summary>
    private static (long Start, long End)? Span(Mp4Movie movie, Mp4Track track)
    {
        switch (track.Edits)
        {
            case []:
                return track.Samples.CompositionOffsets is { } offsets && offsets.Min() != 0
                    ? null
                    : (0, Microseconds(track.MediaDuration, track.Timescale));
            case [{ MediaTime: >= 0, Rate: 0x10000 } edit]:
                return (0, Microseconds(edit.SegmentDuration, movie.Timescale));
            case [{ MediaTime: -1 } empty, { MediaTime: >= 0, Rate: 0x10000 } edit]:
                var start = Microseconds(empty.SegmentDuration, movie.Timescale);
                return (start, start + Microseconds(edit.SegmentDuration, movie.Timescale));
            default:
                return null;
        }
    }

    /// <summary>
    /// The rotation ffprobe reports for a track matrix that turns the picture by a quarter turn (ffmpeg's
    /// <c>av_display_rotation_get</c>: counter-clockwise degrees, negated); null for any other matrix (a flip, a scale).
    /// </summary>
    private static int? Rotation(int[] matrix) => matrix switch
    {
        [0x10000, 0, 0, 0, 0x10000, 0, _, _, 0x40000000] => 0,
        [0, 0x10000, 0, -0x10000, 0, 0, _, _, 0x40000000] => -90,
        [-0x10000, 0, 0, 0, -0x10000, 0, _, _, 0x40000000] => -180,
        [0, -0x10000, 0, 0x10000, 0, 0, _, _, 0x40000000] => 90,
        _ => null,
    };

    private static long Microseconds(ulong ticks, uint timescale) =>
        (long)Math.Round((double)ticks * 1_000_000 / timescale, MidpointRounding.AwayFromZero);
}
