using System.Diagnostics;
using System.Globalization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Logging;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Processes;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine;

/// <summary>
/// Split and stitch: a video cut at keyframes into segments, each encoded with the watermark on its own (at most
/// <see cref="EngineOptions.MaxParallelEncodes"/> at a time, a failed one tried once more), joined by stream copy
/// with the source's audio, and checked frame by frame against the source before it is delivered.
/// </summary>
public sealed partial class FfmpegWatermarkEngine
{
    /// <summary>The frames of a file's first video stream, read from its packets (no decoding).</summary>
    public Task<FrameTimeline> ProbeFramesAsync(string path, CancellationToken cancellationToken = default) =>
        FrameTimelineProbe.ProbeAsync(options.FfprobePath, Path.GetFullPath(path), "v:0", cancellationToken);

    /// <summary>
    /// <see cref="ApplyAsync"/> in about <see cref="SegmentOptions.Count"/> segments (fewer when the video has too few
    /// keyframes or is too short for segments of <see cref="SegmentOptions.MinimumSeconds"/>): the same output
    /// frame for frame, every frame at its source time, the audio copied once from the source.
    /// </summary>
    /// <exception cref="EncodeFailedException">A segment failed twice, the join failed, or the joined output is not
    /// frame-exact (nothing is delivered then).</exception>
    public async Task<SegmentedResult> ApplySegmentedAsync(WatermarkRequest request, SegmentOptions segments, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
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

        var inputName = request.InputName ?? Path.GetFileName(input);
        var watermarkName = request.WatermarkName ?? Path.GetFileName(watermark);
        var videoProbing = videoProbe.ProbeAsync(input, inputName, cancellationToken);
        var imageProbing = images.GetOrProbeAsync(watermark, path => imageProbe.ProbeAsync(path, watermarkName, cancellationToken), cancellationToken);
        await Task.WhenAll(videoProbing, imageProbing);
        var video = await videoProbing;
        var image = await imageProbing;
        return await RunSegmentedAsync(input, inputName, video, output, request.LogPath, segments,
            (cut, partial) => OverlayCommandBuilder.Build(input, video, watermark, image, request.Spec, options, partial, cut).Arguments,
            progress, cancellationToken);
    }

    /// <summary><see cref="ITemplateEngine.ApplyTemplateAsync"/> in segments, as <see cref="ApplySegmentedAsync"/>: timed, fading and moving layers continue across the joins exactly as in one pass.</summary>
    public async Task<SegmentedResult> ApplyTemplateSegmentedAsync(TemplateRequest request, SegmentOptions segments, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        var template = request.Template.Validated();
        var texts = template.Layers.Select(l => l.Type == LayerType.Text ? TemplateTokens.Expand(l.Text!, request.Tokens) : null).ToList();
        var input = Path.GetFullPath(request.InputPath);
        var output = Path.GetFullPath(request.OutputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        var work = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.layers");
        Directory.CreateDirectory(work);
        try
        {
            var (video, stills) = await StillsAsync(template, texts, request.ImageFolder, work, videoProbe.ProbeAsync(input, inputName, cancellationToken), cancellationToken);
            return await RunSegmentedAsync(input, inputName, video, output, request.LogPath, segments,
                (cut, partial) => TemplateCommandBuilder.Build(input, video, stills, options, partial, cut).Arguments,
                progress, cancellationToken);
        }
        finally
        {
            TryDeleteFolder(work);
        }
    }

    private async Task<SegmentedResult> RunSegmentedAsync(
        string input,
        string inputName,
        VideoFacts video,
        string output,
        string? logPath,
        SegmentOptions segments,
        Func<VideoCut, string, IReadOnlyList<string>> build,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var outputDir = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(outputDir);
        var work = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.segments");
        var partial = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(work);
        using var log = RunLog.Create(logPath ?? output + ".log");
        var clock = Stopwatch.StartNew();
        try
        {
            log.Note($"input {inputName}: {video.FormatName}, {video.Codec} {video.PixelFormat} {video.Width}x{video.Height} rotation {video.Rotation}, {video.Duration.TotalSeconds:0.###} s");
            var timeline = await FrameTimelineProbe.ProbeAsync(options.FfprobePath, input, video.StreamIndex.ToString(CultureInfo.InvariantCulture), cancellationToken);
            if (timeline.FrameCount == 0)
            {
                throw new VideoRejectedException($"'{inputName}' has no frames with timestamps: it cannot be cut into segments.");
            }

            var plan = SegmentPlanner.Plan(timeline, segments.Count, segments.MinimumSeconds);
            log.Note($"{timeline.FrameCount} frames, {timeline.Keyframes.Count} keyframes, {timeline.Start:0.######}–{timeline.End:0.######} s; {plan.Segments.Count} segment(s) of the {segments.Count} asked");
            foreach (var s in plan.Segments)
            {
                log.Note($"segment {s.Index}: frames {s.FirstFrame}–{s.FirstFrame + s.FrameCount - 1} ({s.FrameCount}), {s.Start:0.######}–{s.End:0.######} s");
            }

            var files = plan.Segments.Select(s => Path.Combine(work, $"segment-{s.Index:000}.mp4")).ToList();
            var weighted = new WeightedProgress(plan.Segments, progress);
            progress?.Report(0);
            var encoding = Stopwatch.StartNew();
            using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var runs = plan.Segments.Select(s => EncodeSegmentAsync(s, files[s.Index], inputName, build, log, weighted.For(s.Index), failFast)).ToList();
            try
            {
                await Task.WhenAll(runs);
            }
            catch (Exception) when (runs.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } failed)
            {
                throw failed.Exception!.InnerException!;
            }

            var reports = runs.Select(r => r.Result).ToList();
            var encodeTime = encoding.Elapsed;

            var joining = Stopwatch.StartNew();
            var joined = await JoinFilesAsync(input, inputName, video, Task.FromResult(timeline), plan.Segments, files, work, partial, log, cancellationToken);
            File.Move(partial, output, overwrite: true);
            var joinTime = joining.Elapsed;
            progress?.Report(100);
            var size = new FileInfo(output).Length;
            log.Note($"done in {clock.Elapsed.TotalSeconds:0.00} s (segments {encodeTime.TotalSeconds:0.00} s, join and check {joinTime.TotalSeconds:0.00} s): {Path.GetFileName(output)}, {size} bytes, {joined.FrameCount} frames, every one at its source time");
            return new SegmentedResult(output, size, clock.Elapsed, log.Path, joined.FrameCount, joined.Duration, reports, encodeTime, joinTime);
        }
        catch (OperationCanceledException)
        {
            log.Note($"cancelled after {clock.Elapsed.TotalSeconds:0.0} s; ffmpeg was stopped and no output was written");
            throw;
        }
        finally
        {
            TryDelete(partial);
            TryDeleteFolder(work);
        }
    }

    /// <summary>
    /// The join: a concat list of <paramref name="files"/> in <paramref name="work"/>, the video copied and the source's
    /// audio added into <paramref name="partial"/>, then the result held to the source frame by frame. The source's
    /// frames (<paramref name="source"/>) may still be being listed: they are first needed by the check.
    /// </summary>
    private async Task<FrameTimeline> JoinFilesAsync(
        string input,
        string inputName,
        VideoFacts video,
        Task<FrameTimeline> source,
        IReadOnlyList<VideoSegment> segments,
        IReadOnlyList<string> files,
        string work,
        string partial,
        RunLog log,
        CancellationToken cancellationToken)
    {
        var list = Path.Combine(work, "segments.ffconcat");
        await File.WriteAllTextAsync(list, SegmentJoiner.ConcatList(segments, [.. files.Select(Path.GetFullPath)]), cancellationToken);
        var planned = segments.Sum(s => s.FrameCount);
        var room = SegmentJoiner.IndexRoom(planned, video.Duration.TotalSeconds, video.Audio.Count);
        var join = new JoinRun(list, input, video, segments[0].Start, partial, SegmentJoiner.SameVideoDescription(files));
        var (exit, trailerFailed) = await RunJoinAsync(join, room, log, cancellationToken);
        if (exit == 0 && trailerFailed)
        {
            log.Note($"the index did not fit the {room} bytes kept for it at the front; joining again with +faststart");
            (exit, trailerFailed) = await RunJoinAsync(join, null, log, cancellationToken);
        }

        if (exit != 0 || trailerFailed || !File.Exists(partial))
        {
            log.Note($"failed: the join exited with code {exit}{(trailerFailed ? " without writing the file's end" : "")}");
            throw new EncodeFailedException($"ffmpeg failed joining the segments (exit code {exit}): {log.LastError()}. Log: {log.Path}", log.Path);
        }

        var timeline = await source;
        if (planned != timeline.FrameCount)
        {
            log.Note($"rejected: the segments hold {planned} frames where the source has {timeline.FrameCount}");
            throw new EncodeFailedException($"The segments hold {planned} frames where '{inputName}' has {timeline.FrameCount}: the plan is not this video's.", log.Path);
        }

        var joined = await FrameTimelineProbe.ProbeAsync(options.FfprobePath, partial, "v:0", cancellationToken);
        if (JoinCheck.Problem(timeline, joined) is { } problem)
        {
            log.Note($"rejected: {problem}");
            throw new EncodeFailedException($"The joined output is not frame-exact: {problem}. Log: {log.Path}", log.Path);
        }

        return joined;
    }

    /// <summary>One run of the join's ffmpeg; whether it said it could not write the file's end (see <see cref="SegmentJoiner.TrailerFailed"/>).</summary>
    private async Task<(int Exit, bool TrailerFailed)> RunJoinAsync(JoinRun join, long? indexRoom, RunLog log, CancellationToken cancellationToken)
    {
        var (arguments, audio) = SegmentJoiner.Build(join.List, join.Input, join.Video, join.Start, join.Partial, indexRoom, join.PacketsAsTheyAre);
        log.Note($"join, audio: {audio}; command: {CommandLineText.Format(options.FfmpegPath, arguments)}");
        var trailerFailed = false;
        var exit = await FfmpegProcess.RunAsync(options.FfmpegPath, arguments, null,
            line =>
            {
                log.Ffmpeg(line);
                trailerFailed |= SegmentJoiner.TrailerFailed(line);
            },
            cancellationToken);
        return (exit, trailerFailed);
    }

    /// <summary>What both tries of a join share: see <see cref="SegmentJoiner.Build"/>.</summary>
    private sealed record JoinRun(string List, string Input, VideoFacts Video, double Start, string Partial, bool PacketsAsTheyAre);

    /// <summary>
    /// One segment under the engine's gate, with its own log beside the run's. An ffmpeg failure is tried once more
    /// (a lost process, a full moment of memory); a second failure, or a damaged input, stops the other segments.
    /// </summary>
    private async Task<SegmentReport> EncodeSegmentAsync(
        VideoSegment segment,
        string file,
        string inputName,
        Func<VideoCut, string, IReadOnlyList<string>> build,
        RunLog runLog,
        IProgress<double>? progress,
        CancellationTokenSource failFast)
    {
        var cancellationToken = failFast.Token;
        var cut = new VideoCut(segment.CutFrom, segment.CutTo, segment.SeekTo);
        var logBase = Path.ChangeExtension(runLog.Path, null);
        for (var attempt = 1; ; attempt++)
        {
            var partial = file + ".partial";
            var arguments = build(cut, partial);
            var commandLine = CommandLineText.Format(options.FfmpegPath, arguments);
            using var log = RunLog.Create(attempt == 1 ? $"{logBase}.segment-{segment.Index:000}.log" : $"{logBase}.segment-{segment.Index:000}.attempt{attempt}.log");
            await encodeGate.WaitAsync(cancellationToken);
            var clock = Stopwatch.StartNew();
            try
            {
                log.Note($"segment {segment.Index} of {inputName}, attempt {attempt}: frames {segment.FirstFrame}–{segment.FirstFrame + segment.FrameCount - 1}, {segment.Start:0.######}–{segment.End:0.######} s");
                log.Note($"command: {commandLine}");
                runLog.Note($"segment {segment.Index}, attempt {attempt}: {commandLine}");
                var done = await EncodeAsync(arguments, TimeSpan.FromSeconds(segment.Duration), inputName, partial, file, commandLine, log, clock, progress, cancellationToken);
                runLog.Note($"segment {segment.Index} done in {done.Elapsed.TotalSeconds:0.00} s, {done.OutputSize} bytes");
                return new SegmentReport(segment.Index, segment.FirstFrame, segment.FrameCount, segment.Start, segment.End, done.Elapsed, attempt, log.Path);
            }
            catch (EncodeFailedException e) when (attempt == 1 && !cancellationToken.IsCancellationRequested)
            {
                runLog.Note($"segment {segment.Index} failed ({e.Message}); trying it once more");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                runLog.Note($"segment {segment.Index} failed: {e.Message}");
                await failFast.CancelAsync();
                throw;
            }
            finally
            {
                encodeGate.Release();
                TryDelete(partial);
            }
        }
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden work folder holds only our own intermediate files.
        }
    }
}
