using System.Text.RegularExpressions;

namespace VideoWatermark.Engine.Processes;

/// <summary>
/// Watches ffmpeg's stderr for signs that the input is not whole. Probing reads only the container's index, so two
/// kinds of damage show only while the media data is read:
/// an MP4 whose index comes first (faststart) passes probing even when its upload was cut short, and ffmpeg then
/// exits 0 with a shorter video; and bit flips in the picture data make the decoder conceal errors (smeared blocks)
/// and carry on. Either way the job fails as damaged rather than deliver a broken copy as if it were the video.
/// </summary>
internal sealed partial class InputDamage
{
    public bool Truncated { get; private set; }

    /// <summary>A frame failed to decode or came out with concealed errors.</summary>
    public bool Corrupt { get; private set; }

    /// <summary>The decoder's first complaint, for the one-line reason.</summary>
    public string Detail { get; private set; } = "corrupt frames";

    /// <summary>ffmpeg's words for an input whose index probing accepted but whose streams cannot be read.</summary>
    private static readonly string[] UnreadableInput =
        ["Cannot determine format of input stream", "Decoder (codec", "does not contain any stream", "missing mandatory atoms"];

    private string? firstComplaint;

    /// <summary>True the first time the input shows itself corrupt: the caller stops ffmpeg then.</summary>
    public bool OnLine(string line)
    {
        if (line.Contains("partial file", StringComparison.Ordinal))
        {
            Truncated = true;
            return false;
        }

        var complaint = DecoderComplaint().Match(line);
        if (complaint.Success)
        {
            firstComplaint ??= complaint.Groups["text"].Value.Trim().TrimEnd('.');
        }

        // The decoder names the damage before ffmpeg flags the frame, and some damage it conceals without a flag.
        var concealed = complaint.Success && (line.Contains("error while decoding", StringComparison.Ordinal) || line.Contains("concealing", StringComparison.Ordinal));
        if (Corrupt || !(concealed
            || line.Contains("corrupt decoded frame", StringComparison.Ordinal)
            || line.StartsWith("Error while decoding stream", StringComparison.Ordinal)
            || UnreadableInput.Any(s => line.Contains(s, StringComparison.Ordinal))))
        {
            return false;
        }

        Corrupt = true;
        // ffmpeg's own line may start with the file's path, which is the worker's, not the user's.
        Detail = firstComplaint ?? Probing.Ffprobe.Summarize([line]);
        return true;
    }

    // "[h264 @ 0x55…] error while decoding MB 17 7": the decoder's own words are the most telling part.
    [GeneratedRegex(@"^\[(h264|hevc|vp8|vp9|av1|mpeg4|mpeg2video|mjpeg|prores|dnxhd|libdav1d)[^\]]*@ ?0x[0-9a-f]+\]\s*(?<text>.+)$")]
    private static partial Regex DecoderComplaint();
}
