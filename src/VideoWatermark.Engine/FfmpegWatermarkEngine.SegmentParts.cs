using System.Diagnostics;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Logging;
using VideoWatermark.Engine.Probing;
using VideoWatermark.Engine.Processes;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine;

/// <summary>
/// Split and stitch one piece at a time (<see cref="ISegmentEngine"/>), for the pipeline's segment workers: the plan,
/// the segment encodes and the join are the ones <see cref="ApplySegmentedAsync"/> runs in one process.
/// </summary>
public sealed partial class FfmpegWatermarkEngine : ISegmentEngine
{
    public async Task<SegmentPlan?> PlanAsync(string inputPath, string inputName, double splitAboveSeconds, double segmentSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentSeconds);
        var input = Path.GetFullPath(inputPath);

        // The frames are listed while the video is probed (each is an ffprobe of its own, most of whose time is its
        // start): the cut's wall time is one probe's, not two. The list is dropped when the video is too short to cut.
        using var notNeeded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listing = FrameTimelineProbe.ProbeAsync(options.FfprobePath, input, "V:0", notNeeded.Token);
        VideoFacts video;
        try
        {
            video = await videoProbe.ProbeAsync(input, inputName, cancellationToken);
        }
        catch
        {
            await StopAsync(listing, notNeeded);
            throw;
        }

        if (video.Duration.TotalSeconds <= splitAboveSeconds)
        {
            await StopAsync(listing, notNeeded);
            return null;
        }

        var timeline = await listing;
        if (timeline.FrameCount == 0)
        {
            return null;
        }

        var count = SegmentPlanner.CountFor(timeline.Duration, segmentSeconds);
        if (count < 2)
        {
            return null;
        }

        var plan = SegmentPlanner.Plan(timeline, count, Math.Min(SegmentPlanner.DefaultMinimumSeconds, segmentSeconds / 2));
        return plan.Segments.Count >= 2 ? plan : null;
    }

    public async Task<WatermarkResult> EncodeSegmentAsync(WatermarkRequest request, VideoSegment segment, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segment);
        var problems = request.Spec.Problems();
        if (problems.Count > 0)
        {
            throw new VideoRejectedException(string.Join(" ", problems));
        }

        var input = Path.GetFullPath(request.InputPath);
        var watermark = Path.GetFullPath(request.WatermarkPath);
        var output = Path.GetFullPath(request.OutputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        var watermarkName = request.WatermarkName ?? Path.GetFileName(watermark);
        var videoProbing = videoProbe.ProbeAsync(input, inputName, cancellationToken);
        var imageProbing = images.GetOrProbeAsync(watermark, path => imageProbe.ProbeAsync(path, watermarkName, cancellationToken), cancellationToken);
        await Task.WhenAll(videoProbing, imageProbing);
        var video = await videoProbing;
        var image = await imageProbing;
        var cut = new VideoCut(segment.CutFrom, segment.CutTo, segment.SeekTo);
        return await EncodeCutAsync(inputName, output, request.LogPath, segment,
            partial => OverlayCommandBuilder.Build(input, video, watermark, image, request.Spec, options, partial, cut).Arguments,
            progress, cancellationToken);
    }

    public async Task<WatermarkResult> EncodeTemplateSegmentAsync(TemplateRequest request, VideoSegment segment, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segment);
        var template = request.Template.Validated();
        var texts = template.Layers.Select(l => l.Type == LayerType.Text ? TemplateTokens.Expand(l.Text!, request.Tokens) : null).ToList();
        var input = Path.GetFullPath(request.InputPath);
        var output = Path.GetFullPath(request.OutputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var work = Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.layers");
        Directory.CreateDirectory(work);
        try
        {
            var (video, stills) = await StillsAsync(template, texts, request.ImageFolder, work, videoProbe.ProbeAsync(input, inputName, cancellationToken), cancellationToken);
            var cut = new VideoCut(segment.CutFrom, segment.CutTo, segment.SeekTo);
            return await EncodeCutAsync(inputName, output, request.LogPath, segment,
                partial => TemplateCommandBuilder.Build(input, video, stills, options, partial, cut).Arguments,
                progress, cancellationToken);
        }
        finally
        {
            TryDeleteFolder(work);
        }
    }

    public async Task<SegmentJoinResult> JoinAsync(SegmentJoinRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Segments.Count == 0 || request.Segments.Count != request.SegmentFiles.Count)
        {
            throw new ArgumentException("Every segment needs its file, in order.", nameof(request));
        }

        var input = Path.GetFullPath(request.InputPath);
        var output = Path.GetFullPath(request.OutputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        var outputDir = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(outputDir);
        var work = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.join");
        var partial = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(work);
        using var log = RunLog.Create(request.LogPath ?? output + ".log");
        using var listingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            // Side by side, as in the cut: "V:0" is the first video stream that is not cover art, the one the probe picks.
            // The join needs only the probe's facts to start; the source's frames are first needed by its check.
            var listing = FrameTimelineProbe.ProbeAsync(options.FfprobePath, input, "V:0", listingStop.Token);
            FrameTimeline joined;
            try
            {
                var video = await videoProbe.ProbeAsync(input, inputName, cancellationToken);
                log.Note($"join of {request.Segments.Count} segments of {inputName}: {request.Segments.Sum(s => s.FrameCount)} frames, {request.Segments[0].Start:0.######}–{request.Segments[^1].End:0.######} s");
                joined = await JoinFilesAsync(input, inputName, video, listing, request.Segments, request.SegmentFiles, work, partial, log, cancellationToken);
            }
            catch
            {
                await StopAsync(listing, listingStop);
                throw;
            }

            File.Move(partial, output, overwrite: true);
            var size = new FileInfo(output).Length;
            log.Note($"joined in {clock.Elapsed.TotalSeconds:0.00} s: {Path.GetFileName(output)}, {size} bytes, {joined.FrameCount} frames, every one at its source time");
            return new SegmentJoinResult(output, size, clock.Elapsed, log.Path, joined.FrameCount, joined.Duration);
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

    /// <summary>Stops a probe whose answer is not needed, without leaving its failure unobserved.</summary>
    private static async Task StopAsync(Task probe, CancellationTokenSource stop)
    {
        await stop.CancelAsync();
        try
        {
            await probe;
        }
        catch (Exception e) when (e is OperationCanceledException or EncodeFailedException)
        {
        }
    }

    /// <summary>One segment's encode under the engine's gate, as one pass runs (damage, failures and the log judged alike).</summary>
    private async Task<WatermarkResult> EncodeCutAsync(
        string inputName,
        string output,
        string? logPath,
        VideoSegment segment,
        Func<string, IReadOnlyList<string>> build,
        IProgress<double>? progress,
        CancellationToken cancellationToken)
    {
        var outputDir = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(outputDir);
        var partial = Path.Combine(outputDir, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}.partial");
        var arguments = build(partial);
        var commandLine = CommandLineText.Format(options.FfmpegPath, arguments);
        using var log = RunLog.Create(logPath ?? output + ".log");
        await encodeGate.WaitAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        try
        {
            log.Note($"segment {segment.Index} of {inputName}: frames {segment.FirstFrame}–{segment.FirstFrame + segment.FrameCount - 1} ({segment.FrameCount}), {segment.Start:0.######}–{segment.End:0.######} s");
            log.Note($"command: {commandLine}");
            return await EncodeAsync(arguments, TimeSpan.FromSeconds(segment.Duration), inputName, partial, output, commandLine, log, clock, progress, cancellationToken);
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
}
