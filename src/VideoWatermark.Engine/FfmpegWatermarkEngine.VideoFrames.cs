using System.Globalization;
using VideoWatermark.Engine.Processes;

namespace VideoWatermark.Engine;

public sealed partial class FfmpegWatermarkEngine : IVideoFrameExtractor
{
    /// <summary>How far before its end a frame is sought when the moment asked is past it: the last frames end there.</summary>
    private const double TailSeconds = 3;

    public async Task<double> DurationAsync(VideoLocation video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        var lines = new List<string>();
        var errors = new Queue<string>();
        var exit = await FfmpegProcess.RunAsync(
            options.FfprobePath,
            ["-v", "error", "-protocol_whitelist", video.Protocols, "-select_streams", "V:0", "-show_entries", "stream=index:format=duration",
             "-of", "default=noprint_wrappers=1", "-i", video.Argument],
            lines.Add,
            line => Keep(errors, line),
            cancellationToken);
        var duration = lines.Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0] == "duration")
            .Select(p => double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0).FirstOrDefault();
        var hasVideo = lines.Any(l => l.StartsWith("index=", StringComparison.Ordinal));
        return exit == 0 && hasVideo && double.IsFinite(duration) && duration > 0
            ? duration
            : throw new VideoRejectedException($"The video cannot be read for a preview{Why(errors)}.");
    }

    public async Task ExtractFrameAsync(VideoLocation video, double seconds, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A moment of 0 or more seconds.");
        }

        var output = Path.GetFullPath(outputPath);
        File.Delete(output);

        // Sought before the input, so ffmpeg reads from the keyframe before the moment and decodes up to it exactly.
        var errors = new Queue<string>();
        var seek = new[] { "-ss", seconds.ToString("0.###", CultureInfo.InvariantCulture) };
        var exit = await RunExtractAsync(video, seek, output, errors, cancellationToken);

        // Past the last frame nothing comes out: the video's last seconds are read instead and the last frame kept.
        if (exit == 0 && !File.Exists(output))
        {
            exit = await RunExtractAsync(video, ["-sseof", (-TailSeconds).ToString(CultureInfo.InvariantCulture)], output, errors, cancellationToken, last: true);
        }

        if (exit != 0 || !File.Exists(output))
        {
            throw new VideoRejectedException($"No frame of the video could be read for a preview{Why(errors)}.");
        }
    }

    private Task<int> RunExtractAsync(VideoLocation video, string[] seek, string output, Queue<string> errors, CancellationToken cancellationToken, bool last = false)
    {
        // The first video stream that is not cover art (V), rotated upright (ffmpeg's default), as 8-bit RGB; -update 1
        // writes one file, never a numbered sequence.
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-v", "error", "-y", "-protocol_whitelist", video.Protocols };
        arguments.AddRange(seek);
        arguments.AddRange(["-i", video.Argument, "-map", "0:V:0", "-an", "-sn", "-dn"]);
        if (!last)
        {
            arguments.AddRange(["-frames:v", "1"]);
        }

        arguments.AddRange(["-c:v", "png", "-pix_fmt", "rgb24", "-f", "image2", "-update", "1", output]);
        return FfmpegProcess.RunAsync(options.FfmpegPath, arguments, null, line => Keep(errors, line), cancellationToken);
    }

    private static void Keep(Queue<string> errors, string line)
    {
        errors.Enqueue(line);
        if (errors.Count > KeptErrorLines)
        {
            errors.Dequeue();
        }
    }

    /// <summary>ffmpeg's last complaints, with any URL (whose query is a signature) left out.</summary>
    private static string Why(IEnumerable<string> errors)
    {
        var text = string.Join(" ", errors.Where(e => !e.Contains("://", StringComparison.Ordinal))).Trim();
        return text.Length == 0 ? "" : $" ({text})";
    }
}
