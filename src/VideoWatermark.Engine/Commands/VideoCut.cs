using System.Globalization;

namespace VideoWatermark.Engine.Commands;

/// <summary>
/// The part of the video one segment encodes: the frames whose time (from the file's start, as a single pass sees
/// it) is at or after <paramref name="From"/> and before <paramref name="To"/>. Both are set halfway between two
/// frames, so no rounding of a printed timestamp can move a frame to the wrong side; null means the file's start or
/// end. <paramref name="Seek"/>, when set, is where the input seeks instead of <paramref name="From"/>: just past a
/// clean keyframe that is the segment's first frame, so nothing before it is decoded.
/// </summary>
internal sealed record VideoCut(double? From, double? To, double? Seek = null)
{
    private static string N(double seconds) => seconds.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>
    /// Before the video's <c>-i</c>: seek near the cut (ffmpeg lands on a keyframe at or before it and decodes from
    /// there), and keep the file's own timestamps (from its start, as a single pass has them), so every time-based
    /// expression of the watermark sees the same <c>t</c> in a segment as in one pass.
    /// </summary>
    /// <para>
    /// Seeking to <see cref="Seek"/> lands on the keyframe just before it, the segment's first frame; the trim is what
    /// keeps the segment's frames, so ffmpeg's own exact-seek trim (at the seek time, past that first frame) is off.
    /// </para>
    public IReadOnlyList<string> InputArguments() => (From, Seek) switch
    {
        ({ }, { } seek) => ["-copyts", "-start_at_zero", "-noaccurate_seek", "-ss", N(seek)],
        ({ } from, null) => ["-copyts", "-start_at_zero", "-ss", N(from)],
        _ => ["-copyts", "-start_at_zero"],
    };

    /// <summary>The filter that keeps exactly this segment's frames, first in the video's chain.</summary>
    public string Trim() => (From, To) switch
    {
        ({ } from, { } to) => $"trim=start={N(from)}:end={N(to)}",
        ({ } from, null) => $"trim=start={N(from)}",
        (null, { } to) => $"trim=end={N(to)}",
        _ => "null",
    };

    /// <summary>
    /// Last before the encoder, after the watermark is drawn: the segment's file starts at 0, and the join places it
    /// at its exact time.
    /// </summary>
    public const string Restart = "setpts=PTS-STARTPTS";
}
