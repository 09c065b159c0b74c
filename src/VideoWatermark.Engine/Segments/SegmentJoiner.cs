using System.Globalization;
using System.Text;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Probing;

namespace VideoWatermark.Engine.Segments;

/// <summary>
/// The join: ffmpeg's concat demuxer reads the segments one after another and the video is copied, never encoded
/// again; the audio is copied once from the source (re-encoded only where <see cref="AudioPlan"/> says so, as in one
/// pass); the index moves to the front.
/// </summary>
internal static class SegmentJoiner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// The concat list. Each segment but the last says its duration: the time from its first frame to the next
    /// segment's first frame, so the next one starts at exactly the time its first frame had in the source, whatever
    /// length the segment's file gives its own last frame.
    /// </summary>
    public static string ConcatList(SegmentPlan plan, IReadOnlyList<string> segmentFiles)
    {
        var list = new StringBuilder("ffconcat version 1.0\n");
        for (var i = 0; i < plan.Segments.Count; i++)
        {
            list.Append(Inv, $"file '{segmentFiles[i].Replace("'", "'\\''", StringComparison.Ordinal)}'\n");
            if (i < plan.Segments.Count - 1)
            {
                list.Append(Inv, $"duration {plan.Segments[i].Duration:0.######}\n");
            }
        }

        return list.ToString();
    }

    public static (IReadOnlyList<string> Arguments, string AudioSummary) Build(string listPath, string inputPath, VideoFacts video, FrameTimeline timeline, string outputPath)
    {
        var args = new List<string> { "-hide_banner", "-nostdin", "-y", "-nostats", "-f", "concat", "-safe", "0" };

        // Every segment file starts at 0; the first frame goes back to where it was in the source (a video that starts
        // after its audio keeps the gap, as in one pass).
        if (timeline.Start > 0)
        {
            args.AddRange(["-itsoffset", timeline.Start.ToString("0.######", Inv)]);
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

        args.AddRange(["-movflags", "+faststart", "-f", "mp4", outputPath]);
        return (args, audio.Count == 0 ? "no audio" : string.Join(", ", audio));
    }
}
