using VideoWatermark.Core.Jobs;
using VideoWatermark.Engine.Probing.Mp4;

namespace VideoWatermark.Engine;

public sealed partial class FfmpegWatermarkEngine : IOutputProbe
{
    public async Task<OutputFacts?> ProbeOutputAsync(string path, CancellationToken cancellationToken = default)
    {
        // Our outputs are MP4s whose index states every fact plainly: read in-process, one ffprobe start less per job.
        if (Mp4VideoFacts.TryRead(path) is { } indexed)
        {
            // The bit rate as ffmpeg works it out for a file that states none: in doubles over whole microseconds, cut
            // to an integer, so the figure is ffprobe's to the bit.
            var micros = Math.Round(indexed.Duration.Ticks / (double)TimeSpan.TicksPerMicrosecond);
            var bitRate = micros > 0 ? (long)(new FileInfo(path).Length * 8.0 * 1_000_000 / micros) : 0;
            return new OutputFacts(indexed.Codec, indexed.Audio.FirstOrDefault()?.Codec, indexed.DisplayWidth, indexed.DisplayHeight,
                Math.Round(indexed.Duration.TotalSeconds, 3), bitRate);
        }

        return await ProbeOutputWithFfprobeAsync(path, cancellationToken);
    }

    internal async Task<OutputFacts?> ProbeOutputWithFfprobeAsync(string path, CancellationToken cancellationToken)
    {
        // Outputs are always MP4 and their file name is the worker's own, but the link keeps ffprobe's name fixed anyway.
        var (analysis, _) = await outputProbe.AnalyseAsync(path, "output.mp4", null, cancellationToken);
        if (analysis?.PrimaryVideoStream is not { } video)
        {
            return null;
        }

        var sideways = Math.Abs(video.Rotation) % 180 == 90;
        var duration = analysis.Format.Duration > TimeSpan.Zero ? analysis.Format.Duration : video.Duration;
        var bitRate = analysis.Format.BitRate > 0
            ? (long)analysis.Format.BitRate
            : duration > TimeSpan.Zero ? (long)(new FileInfo(path).Length * 8 / duration.TotalSeconds) : 0;
        return new OutputFacts(
            video.CodecName ?? "unknown",
            analysis.PrimaryAudioStream?.CodecName,
            sideways ? video.Height : video.Width,
            sideways ? video.Width : video.Height,
            Math.Round(duration.TotalSeconds, 3),
            bitRate);
    }
}
