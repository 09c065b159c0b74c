using System.Globalization;
using VideoWatermark.Engine.Probing.Mp4;
using VideoWatermark.Engine.Processes;

namespace VideoWatermark.Engine.Segments;

/// <summary>
/// Reads a video stream's <see cref="FrameTimeline"/> from its packets with ffprobe
/// (<c>-show_entries packet=pts_time,flags</c>): no frame is decoded, so even a long file takes seconds. ffprobe
/// runs with an argument list, so a file's name is never parsed by anything.
/// </summary>
internal static class FrameTimelineProbe
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="stream">An ffprobe stream specifier: the stream's index, or <c>v:0</c>.</param>
    /// <param name="readIndex">
    /// False to list the frames with ffprobe even where the file's MP4 index gives them (<see cref="Mp4FrameTimeline"/>,
    /// in-process: one ffprobe start less, and no listing of tens of thousands of packets).
    /// </param>
    public static async Task<FrameTimeline> ProbeAsync(string ffprobe, string path, string stream, CancellationToken cancellationToken, bool readIndex = true)
    {
        if (readIndex && Mp4FrameTimeline.TryRead(path, stream) is { } indexed)
        {
            return indexed;
        }

        // ffprobe flushes every packet's line: read through a pipe, each line would wake this process once (tens of
        // thousands of wake-ups for a long video, slow on a busy machine). Written to a file, the list is read once.
        var listing = Path.Combine(Path.GetTempPath(), $"vw-frames-{Guid.NewGuid():N}.csv");
        try
        {
            var errors = new List<string>();
            string[] arguments =
            [
                "-v", "error", "-select_streams", stream,
                "-show_entries", "packet=pts_time,flags:format=start_time",
                "-of", "csv", "-o", listing, path,
            ];
            var exit = await FfmpegProcess.RunAsync(ffprobe, arguments, null, errors.Add, cancellationToken);
            if (exit != 0 || !File.Exists(listing))
            {
                throw new EncodeFailedException($"ffprobe could not list the frames of '{Path.GetFileName(path)}' (exit code {exit}): {string.Join("; ", errors.Take(3))}", null);
            }

            return Parse(await File.ReadAllLinesAsync(listing, cancellationToken));
        }
        finally
        {
            try
            {
                File.Delete(listing);
            }
            catch (IOException)
            {
                // Best effort: a leftover list in the temp folder holds frame times only.
            }
        }
    }

    /// <summary>
    /// ffprobe's CSV lines (<c>packet,1.040000,K__</c>, <c>format,0.000000</c>) as a timeline. A packet marked
    /// discard (<c>D</c>, before an edit list's start) is never shown and is left out, as is one without a time.
    /// </summary>
    public static FrameTimeline Parse(IEnumerable<string> lines)
    {
        var frames = new List<(double Time, bool Key)>();
        var start = 0.0;
        foreach (var line in lines)
        {
            var fields = line.Trim().Split(',');
            if (fields is ["packet", var time, var flags, ..] && double.TryParse(time, NumberStyles.Float, Inv, out var t) && !flags.Contains('D', StringComparison.Ordinal))
            {
                frames.Add((t, flags.Contains('K', StringComparison.Ordinal)));
            }
            else if (fields is ["format", var startTime, ..] && double.TryParse(startTime, NumberStyles.Float, Inv, out var s))
            {
                start = s;
            }
        }

        return FromPackets(frames, start);
    }

    /// <summary>
    /// The timeline of a video stream's shown packets, in decode order, each with its time and whether it is a
    /// keyframe; <paramref name="start"/> is the file's start time, which every time is counted from.
    /// </summary>
    public static FrameTimeline FromPackets(IReadOnlyList<(double Time, bool Key)> frames, double start)
    {
        // Packets come in decode order; B-frames show later than they are stored. A keyframe is clean when every
        // packet stored after it shows at or after it.
        var clean = new bool[frames.Count];
        var earliestAfter = double.MaxValue;
        for (var i = frames.Count - 1; i >= 0; i--)
        {
            clean[i] = frames[i].Key && earliestAfter >= frames[i].Time;
            earliestAfter = Math.Min(earliestAfter, frames[i].Time);
        }

        var ordered = frames.Select((f, i) => (f.Time, f.Key, Clean: clean[i])).OrderBy(f => f.Time).ToList();
        return new FrameTimeline(
            [.. ordered.Select(f => f.Time - start)],
            [.. ordered.Select((f, i) => (f.Key, i)).Where(f => f.Key).Select(f => f.i)],
            [.. ordered.Select((f, i) => (f.Clean, i)).Where(f => f.Clean).Select(f => f.i)]);
    }
}
