using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VideoWatermark.Core.Limits;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Logging;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Processes;

namespace VideoWatermark.Engine;

/// <summary>
/// The watermark engine over the system ffmpeg: probe, build the command, run it under a gate that limits parallel
/// encodes, log the run, and move the result into place only when ffmpeg succeeded and the input decoded cleanly.
/// </summary>
public sealed partial class FfmpegWatermarkEngine : IWatermarkEngine, IDisposable
{
    private readonly EngineOptions options;
    private readonly ILogger logger;
    private readonly SemaphoreSlim encodeGate;
    private readonly VideoProbe videoProbe;
    private readonly WatermarkImageProbe imageProbe;
    private readonly Ffprobe outputProbe;
    private readonly ImageFactsCache images = new();

    /// <param name="limits">Duration and picture size refused before any encode; the defaults when null.</param>
    public FfmpegWatermarkEngine(EngineOptions? options = null, ILogger<FfmpegWatermarkEngine>? logger = null, InputLimits? limits = null)
    {
        this.options = (options ?? new EngineOptions()).Validated();
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        encodeGate = new SemaphoreSlim(this.options.MaxParallelEncodes, this.options.MaxParallelEncodes);
        var ffprobe = new Ffprobe(this.options.FfprobePath);
        videoProbe = new VideoProbe(ffprobe, limits ?? new InputLimits());
        imageProbe = new WatermarkImageProbe();
        outputProbe = ffprobe;
    }

    public EngineOptions Options => options;

    public async Task<WatermarkResult> ApplyAsync(WatermarkRequest request, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Spec.Problems();
        if (problems.Count > 0)
        {
            throw new VideoRejectedException(string.Join(" ", problems));
        }

        var input = Path.GetFullPath(request.InputPath);
        var watermark = Path.GetFullPath(request.WatermarkPath);
        var output = Path.GetFullPath(request.OutputPath);
        if (string.Equals(input, output, StringComparison.Ordinal) || string.Equals(watermark, output, StringComparison.Ordinal))
        {
            throw new VideoRejectedException($"The output '{Path.GetFileName(output)}' would overwrite an input: choose another output path.");
        }

        // Probing is outside the gate, so a bad upload is refused at once even while encodes are queued, and the video's
        // ffprobe and the watermark's decode run side by side: the worker's start-up is time added to every job. A watermark already checked
        // (the same bytes, as with every job of a batch) is not probed again.
        var inputName = request.InputName ?? Path.GetFileName(input);
        var watermarkName = request.WatermarkName ?? Path.GetFileName(watermark);
        var probing = Stopwatch.StartNew();
        var videoProbe = this.videoProbe.ProbeAsync(input, inputName, cancellationToken);
        var imageProbe = images.GetOrProbeAsync(watermark, path => this.imageProbe.ProbeAsync(path, watermarkName, cancellationToken), cancellationToken);
        await Task.WhenAll(videoProbe, imageProbe);
        var video = await videoProbe;
        var image = await imageProbe;
        var probed = probing.Elapsed;

        var outputDir = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(outputDir);
        var partial = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        var command = OverlayCommandBuilder.Build(input, video, watermark, image, request.Spec, options, partial);
        var commandLine = CommandLineText.Format(options.FfmpegPath, command.Arguments);

        using var log = RunLog.Create(request.LogPath ?? output + ".log");
        await encodeGate.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            log.Note($"input {Path.GetFileName(input)}: {video.FormatName}, {video.Codec} {video.PixelFormat} {video.Width}x{video.Height} rotation {video.Rotation}, {video.Duration.TotalSeconds:0.###} s; audio: {command.AudioSummary}");
            log.Note($"watermark {Path.GetFileName(watermark)}: {image.Codec} {image.Width}x{image.Height}, visible {image.Visible}; spec {request.Spec.Position} margin {request.Spec.Margin} scale {request.Spec.Scale} opacity {request.Spec.Opacity}");
            log.Note($"frame {command.FrameWidth}x{command.FrameHeight}, drawn part {command.Part} at {command.Geometry}; probed in {probed.TotalMilliseconds:0} ms");
            log.Note($"command: {commandLine}");

            return await EncodeAsync(command.Arguments, video.Duration, inputName, partial, output, commandLine, log, clock, progress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            log.Note($"cancelled after {clock.Elapsed.TotalSeconds:0.0} s; ffmpeg was stopped and no output was written");
            throw;
        }
        finally
        {
            encodeGate.Release();
            TryDelete(partial);
        }
    }

    /// <summary>Runs one built command into <paramref name="partial"/>, judges the run and moves the output into place.</summary>
    private async Task<WatermarkResult> EncodeAsync(
        IReadOnlyList<string> arguments,
        TimeSpan duration,
        string inputName,
        string partial,
        string output,
        string commandLine,
        RunLog log,
        Stopwatch clock,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var reader = new ProgressReader(duration, progress);
        var damage = new InputDamage();
        progress?.Report(0);

        // A frame that does not decode cleanly stops the run at once: the encode is not worth finishing.
        using var stopOnDamage = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int exit;
        try
        {
            exit = await FfmpegProcess.RunAsync(options.FfmpegPath, arguments, reader.OnLine,
                line =>
                {
                    log.Ffmpeg(line);
                    if (damage.OnLine(line))
                    {
                        stopOnDamage.Cancel();
                    }
                },
                stopOnDamage.Token);
        }
        catch (OperationCanceledException) when (damage.Corrupt && !cancellationToken.IsCancellationRequested)
        {
            exit = -1;
        }

        // A cut-short file also fails to decode its last, partial frame: the cut is the cause worth naming.
        if (damage.Truncated)
        {
            log.Note($"rejected: the input ends before its last frame (ffmpeg: partial file)");
            throw new VideoRejectedException($"'{inputName}' is incomplete: it ends before its last frame (an interrupted upload?).");
        }

        if (damage.Corrupt)
        {
            log.Note($"rejected: the video does not decode cleanly ({damage.Detail}); ffmpeg was stopped");
            throw new VideoRejectedException($"'{inputName}' is damaged: its video does not decode cleanly ({damage.Detail}). It was not watermarked, rather than delivered broken.");
        }

        if (exit != 0 || !File.Exists(partial) || new FileInfo(partial).Length == 0)
        {
            log.Note($"failed: ffmpeg exited with code {exit} after {clock.Elapsed.TotalSeconds:0.0} s");
            throw new EncodeFailedException($"ffmpeg failed (exit code {exit}): {log.LastError()}. Log: {log.Path}", log.Path);
        }

        File.Move(partial, output, overwrite: true);
        progress?.Report(100);
        var size = new FileInfo(output).Length;
        log.Note($"done in {clock.Elapsed.TotalSeconds:0.00} s: {Path.GetFileName(output)}, {size} bytes");
        LogDone(logger, inputName, clock.Elapsed.TotalSeconds, log.Path);
        return new WatermarkResult(output, size, clock.Elapsed, log.Path, commandLine, duration);
    }

    public void Dispose() => encodeGate.Dispose();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .partial file is hidden and never mistaken for an output.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watermarked {Input} in {Seconds:0.0} s (log {LogPath})")]
    private static partial void LogDone(ILogger logger, string input, double seconds, string logPath);
}
