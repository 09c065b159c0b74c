using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Engine;

/// <summary>
/// Watermarks one local video. The worker CLI, the worker's job mode and the local worker pool all call this.
/// </summary>
public interface IWatermarkEngine
{
    /// <summary>
    /// Probes <see cref="WatermarkRequest.InputPath"/>, overlays the watermark and writes a web-ready MP4 to
    /// <see cref="WatermarkRequest.OutputPath"/> (through a temporary file, moved into place only on success).
    /// </summary>
    /// <param name="progress">Receives 0..100.</param>
    /// <exception cref="VideoRejectedException">The input or the watermark is not usable, is over one of the
    /// <see cref="Core.Limits.InputLimits"/>, or turned out damaged while decoding; the message is one line saying why.</exception>
    /// <exception cref="EncodeFailedException">ffmpeg failed; the message says why and where its log is.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no ffmpeg process is left behind and no output is written.</exception>
    Task<WatermarkResult> ApplyAsync(WatermarkRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default);
}

/// <param name="Spec">Placement; its <see cref="WatermarkSpec.Image"/> is ignored in favour of <paramref name="WatermarkPath"/>.</param>
/// <param name="LogPath">Where the run's log (full command line and ffmpeg's stderr) goes; next to the output when null.</param>
/// <param name="InputName">The video's name in refusals, when the file on disk has another (a worker's fixed names).</param>
/// <param name="WatermarkName">The watermark's name in refusals, likewise.</param>
public sealed record WatermarkRequest(
    string InputPath,
    string WatermarkPath,
    string OutputPath,
    WatermarkSpec Spec,
    string? LogPath = null,
    string? InputName = null,
    string? WatermarkName = null);

/// <param name="VideoDuration">How long the input video is (what was watermarked), as probed before the encode.</param>
public sealed record WatermarkResult(string OutputPath, long OutputSize, TimeSpan Elapsed, string LogPath, string CommandLine, TimeSpan? VideoDuration = null);

/// <summary>The input video or the watermark image cannot be used. Not worth retrying.</summary>
public sealed class VideoRejectedException(string reason) : Exception(reason);

/// <summary>ffmpeg ran and failed.</summary>
public sealed class EncodeFailedException(string reason, string? logPath, Exception? inner = null) : Exception(reason, inner)
{
    public string? LogPath { get; } = logPath;
}
