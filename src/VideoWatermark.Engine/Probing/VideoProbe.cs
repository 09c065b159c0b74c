using VideoWatermark.Core;
using VideoWatermark.Core.Limits;
using VideoWatermark.Engine.Probing.Mp4;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Decides, before any encode, whether an input is a playable video, and learns what the command needs (stream
/// indexes, size, rotation, duration, audio codecs), and holds it to the <see cref="InputLimits"/> on duration and
/// picture size. Every refusal is a <see cref="VideoRejectedException"/> with one line saying why. An MP4 or QuickTime
/// file whose facts its index states plainly is read in-process (<see cref="Mp4VideoFacts"/>): one ffprobe start is
/// most of what the worker adds to a short encode. Every other file, and every file that reader cannot vouch for, is
/// ffprobe's, so every refusal comes from ffprobe's reading as before.
/// </summary>
/// <param name="readIndexes">False to read every file with ffprobe (tests hold the two readings to each other).</param>
internal sealed class VideoProbe(Ffprobe ffprobe, InputLimits limits, bool readIndexes = true)
{
    /// <param name="name">The video's name as its owner knows it, for the refusals.</param>
    public async Task<VideoFacts> ProbeAsync(string path, string name, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new VideoRejectedException($"'{name}' does not exist.");
        }

        var ext = file.Extension.ToLowerInvariant();
        if (!ObjectKeys.VideoExtensions.Contains(ext))
        {
            throw new VideoRejectedException(
                $"'{name}' is not a supported video file: use {string.Join(", ", ObjectKeys.VideoExtensions)}.");
        }

        if (file.Length == 0)
        {
            throw new VideoRejectedException($"'{name}' is empty (0 bytes): the upload may not have completed.");
        }

        ffprobe.EnsureExecutableExists();
        if (readIndexes && Mp4Extensions.Contains(ext) && Mp4VideoFacts.TryRead(path) is { } indexed)
        {
            return Limited(name, indexed);
        }

        // The extension is one of ours (checked above), so the link's name holds nothing of the user's.
        var (analysis, errors) = await ffprobe.AnalyseAsync(path, "input" + ext, null, cancellationToken);
        if (analysis is null)
        {
            throw new VideoRejectedException($"'{name}' is not a playable video ({errors}): the file is damaged, incomplete or not a video.");
        }

        return Limited(name, Read(name, analysis));
    }

    private VideoFacts Limited(string name, VideoFacts facts)
    {
        var overLimit = limits.DurationProblem(name, facts.Duration)
            ?? limits.ResolutionProblem(name, facts.DisplayWidth, facts.DisplayHeight);
        return overLimit is null ? facts : throw new VideoRejectedException(overLimit);
    }

    private static VideoFacts Read(string name, ProbeReport analysis)
    {
        // ffprobe goes by content, not by the name: a GIF or a PNG named .mp4 is read as the image it is.
        var format = analysis.Format.FormatName ?? "";
        if (!VideoContainers.Any(c => format.Contains(c, StringComparison.Ordinal)))
        {
            throw new VideoRejectedException($"'{name}' is not a video file (ffmpeg reads it as '{format}'): use {string.Join(", ", ObjectKeys.VideoExtensions)}.");
        }

        var video = analysis.VideoStreams.OrderBy(x => x.Index).FirstOrDefault(x => !x.AttachedPicture);
        var audio = analysis.AudioStreams
            .Select(x => new AudioTrack(x.Index, x.CodecName ?? "unknown"))
            .ToList();
        if (video is null)
        {
            throw new VideoRejectedException(audio.Count > 0
                ? $"'{name}' has no video stream: it is audio only."
                : $"'{name}' has no video stream.");
        }

        if (video.CodecName is null or "none" or "unknown")
        {
            throw new VideoRejectedException($"'{name}' is damaged or uses an unknown video codec: ffmpeg cannot decode its picture.");
        }

        var (width, height) = (video.Width, video.Height);
        if (width < 2 || height < 2)
        {
            throw new VideoRejectedException($"'{name}' has no usable picture ({width}x{height}).");
        }

        var duration = analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration : video.Duration;
        if (duration <= TimeSpan.Zero)
        {
            throw new VideoRejectedException($"'{name}' has no duration: it holds no playable frames.");
        }

        return new VideoFacts(
            analysis.Format.FormatName ?? "",
            video.Index,
            video.CodecName ?? "unknown",
            video.PixelFormat ?? "unknown",
            width,
            height,
            video.Rotation,
            duration,
            audio);
    }

    private static readonly string[] Mp4Extensions = [".mp4", ".mov", ".m4v"];

    /// <summary>The demuxers of the containers <see cref="ObjectKeys.VideoExtensions"/> name.</summary>
    private static readonly string[] VideoContainers = ["mp4", "mov", "matroska", "webm"];
}
