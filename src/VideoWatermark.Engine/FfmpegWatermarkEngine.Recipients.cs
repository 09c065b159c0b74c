using System.Diagnostics;
using System.Globalization;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Commands;
using VideoWatermark.Engine.Logging;
using VideoWatermark.Engine.Processes;
using VideoWatermark.Engine.Recipients;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine;

/// <summary>
/// Personal copies encoded once where the picture is the same (<see cref="IRecipientEngine"/>): a base with the
/// shared layers and closed groups on a fixed grid, cut once by stream copy; per copy only the grid cells a personal
/// layer shows in, encoded from the source with the whole template at the same settings, joined with the base's
/// other pieces as split and stitch joins segments.
/// </summary>
public sealed partial class FfmpegWatermarkEngine : IRecipientEngine
{
    public async Task<RecipientPlan> PlanRecipientsAsync(string inputPath, string inputName, WatermarkTemplate template, IReadOnlyList<IReadOnlyDictionary<string, string>> recipients, double gridSeconds = RecipientPlanner.DefaultGridSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(recipients);
        var validated = template.Validated();
        var input = Path.GetFullPath(inputPath);

        // Side by side, as the segments' cut: the frames are listed while the video is probed.
        using var notNeeded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var listing = FrameTimelineProbe.ProbeAsync(options.FfprobePath, input, "V:0", notNeeded.Token);
        try
        {
            await videoProbe.ProbeAsync(input, inputName, cancellationToken);
        }
        catch
        {
            await StopAsync(listing, notNeeded);
            throw;
        }

        var timeline = await listing;
        if (timeline.FrameCount == 0)
        {
            throw new VideoRejectedException($"'{inputName}' has no frames with timestamps.");
        }

        return RecipientPlanner.Plan(timeline, validated, recipients, gridSeconds);
    }

    public async Task<RecipientBase> EncodeBaseAsync(TemplateRequest request, RecipientPlan plan, string folder, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        RequireSmart(plan);
        var template = request.Template.Validated();

        // The personal layers are left out; the shared ones are filled with this request's tokens, which every
        // recipient's would fill the same way.
        var personal = plan.PersonalLayers.ToHashSet();
        var shared = template with { Layers = [.. template.Layers.Where((_, i) => !personal.Contains(i))] };
        var texts = shared.Layers.Select(l => l.Type == LayerType.Text ? TemplateTokens.Expand(l.Text!, request.Tokens) : null).ToList();
        var input = Path.GetFullPath(request.InputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var work = Path.Combine(folder, $".base.{Guid.NewGuid():N}.layers");
        var file = Path.Combine(folder, "base.mp4");
        var partial = Path.Combine(folder, $".base.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(work);
        var clock = Stopwatch.StartNew();
        try
        {
            var (video, stills) = await StillsAsync(shared, texts, request.ImageFolder, work, videoProbe.ProbeAsync(input, inputName, cancellationToken), cancellationToken);
            var command = TemplateCommandBuilder.Build(input, video, stills, options, partial, new VideoCut(null, null), plan.KeyframeCuts);
            var commandLine = CommandLineText.Format(options.FfmpegPath, command.Arguments);
            using var log = RunLog.Create(request.LogPath ?? Path.Combine(folder, "base.log"));
            log.Note($"base of {inputName} for {plan.Recipients} recipients: {plan.Reason}");
            log.Note($"{shared.Layers.Count} shared layer(s) of {template.Layers.Count}; an IDR frame every {plan.GridSeconds:0.###} s ({plan.KeyframeCuts.Count} after the first frame)");
            log.Note($"command: {commandLine}");
            await encodeGate.WaitAsync(cancellationToken);
            try
            {
                await EncodeAsync(command.Arguments, video.Duration, inputName, partial, file, commandLine, log, Stopwatch.StartNew(), progress, cancellationToken);
            }
            finally
            {
                encodeGate.Release();
            }

            var pieces = await CutBaseAsync(file, plan, folder, log, cancellationToken);
            log.Note($"base encoded and cut into {pieces.Count(p => p is not null)} shared piece(s) in {clock.Elapsed.TotalSeconds:0.00} s");
            return new RecipientBase(pieces, clock.Elapsed, log.Path);
        }
        finally
        {
            TryDelete(partial);
            TryDeleteFolder(work);
        }
    }

    public Task<RecipientPieces> EncodeCopyPiecesAsync(TemplateRequest request, RecipientPlan plan, string folder, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        RequireSmart(plan);
        var personal = plan.Pieces.Where(p => p.Personal).Select(p => p.Segment).ToList();
        return EncodePiecesAsync(request, request.Template.Validated(), plan, personal, folder, "piece", progress, cancellationToken);
    }

    public Task<RecipientPieces> EncodeSharedPiecesAsync(TemplateRequest request, RecipientPlan plan, IReadOnlyList<int> pieces, string folder, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(pieces);
        RequireSmart(plan);
        foreach (var i in pieces.Where(i => i < 0 || i >= plan.Pieces.Count || plan.Pieces[i].Personal))
        {
            throw new ArgumentException($"Piece {i} is not a shared piece of the plan.", nameof(pieces));
        }

        // The same command as a copy's pieces, with the personal layers left out: the base's picture, its encoder settings.
        var template = request.Template.Validated();
        var personal = plan.PersonalLayers.ToHashSet();
        var shared = template with { Layers = [.. template.Layers.Where((_, i) => !personal.Contains(i))] };
        var segments = pieces.Distinct().Order().Select(i => plan.Pieces[i].Segment).ToList();
        return EncodePiecesAsync(request, shared, plan, segments, folder, "shared", progress, cancellationToken);
    }

    /// <summary>Encodes <paramref name="segments"/> from the source with <paramref name="template"/>'s layers, each to its own file.</summary>
    private async Task<RecipientPieces> EncodePiecesAsync(TemplateRequest request, WatermarkTemplate template, RecipientPlan plan, IReadOnlyList<Segments.VideoSegment> segments, string folder, string name, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var texts = template.Layers.Select(l => l.Type == LayerType.Text ? TemplateTokens.Expand(l.Text!, request.Tokens) : null).ToList();
        var input = Path.GetFullPath(request.InputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var work = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}.layers");
        Directory.CreateDirectory(work);
        var clock = Stopwatch.StartNew();
        try
        {
            var (video, stills) = await StillsAsync(template, texts, request.ImageFolder, work, videoProbe.ProbeAsync(input, inputName, cancellationToken), cancellationToken);
            var weighted = new WeightedProgress(segments, progress);
            var files = new string?[plan.Pieces.Count];
            var runs = segments.Select(async (segment, k) =>
            {
                var file = Path.Combine(folder, $"{name}-{segment.Index:000}.mp4");
                var cut = new VideoCut(segment.CutFrom, segment.CutTo, segment.SeekTo);
                var done = await EncodeCutAsync(inputName, file, null, segment,
                    partial => TemplateCommandBuilder.Build(input, video, stills, options, partial, cut).Arguments,
                    weighted.For(k), cancellationToken);
                files[segment.Index] = file;
                return done.Elapsed;
            }).ToList();
            var times = await Task.WhenAll(runs);
            progress?.Report(100);
            return new RecipientPieces(files, clock.Elapsed, TimeSpan.FromTicks(times.Sum(t => t.Ticks)));
        }
        finally
        {
            TryDeleteFolder(work);
        }
    }

    public async Task<SegmentJoinResult> JoinCopyAsync(RecipientJoinRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = request.Plan;
        RequireSmart(plan);
        var files = new List<string>();
        byte[]? first = null;
        foreach (var piece in plan.Pieces)
        {
            var i = piece.Segment.Index;
            var file = (piece.Personal ? request.CopyPieces : request.BasePieces).ElementAtOrDefault(i);
            if (file is null || !File.Exists(file))
            {
                throw new EncodeFailedException($"The {(piece.Personal ? "copy's" : "base's")} piece {i} is missing: encode it before the join.", null);
            }

            // Stream copy keeps one set of parameter sets for the whole output: every piece must have been encoded with it.
            var sets = ParameterSets.Read(file) ?? throw new EncodeFailedException($"Piece {i} ('{Path.GetFileName(file)}') holds no H.264 parameter sets.", null);
            first ??= sets;
            if (!sets.AsSpan().SequenceEqual(first))
            {
                throw new EncodeFailedException($"Piece {i} ('{Path.GetFileName(file)}') was encoded with other H.264 parameter sets than the base: the pieces cannot be joined by stream copy.", null);
            }

            files.Add(file);
        }

        return await JoinAsync(new SegmentJoinRequest(request.InputPath, plan.Segments, files, request.OutputPath, request.LogPath, request.InputName), cancellationToken);
    }

    /// <summary>
    /// Every recipient's copy in one process: the plan, then either the base and each copy's pieces and join (at
    /// most <see cref="EngineOptions.MaxParallelEncodes"/> encodes at a time), or a full encode per copy.
    /// </summary>
    /// <exception cref="Core.Errors.InvalidInputException">The template is invalid or a recipient leaves a token without a value.</exception>
    /// <exception cref="EncodeFailedException">An encode or a join failed; the copies already written stay.</exception>
    public async Task<RecipientsResult> ApplyRecipientsAsync(RecipientsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Recipients.Count == 0 || request.Recipients.Count != request.OutputPaths.Count)
        {
            throw new ArgumentException("Every recipient needs an output path, in order.", nameof(request));
        }

        var clock = Stopwatch.StartNew();
        var input = Path.GetFullPath(request.InputPath);
        var inputName = request.InputName ?? Path.GetFileName(input);
        var plan = await PlanRecipientsAsync(input, inputName, request.Template, request.Recipients, request.GridSeconds, cancellationToken);
        if (request.FullEncodes && plan.Smart)
        {
            plan = plan with { Smart = false, Reason = "full encodes were asked for", Pieces = [], KeyframeCuts = [] };
        }

        TemplateRequest For(int i) => new(input, request.OutputPaths[i], request.Template, request.Recipients[i], request.ImageFolder, null, inputName);
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (!plan.Smart)
        {
            var full = await AllAsync(request.Recipients.Select(async (_, i) =>
            {
                var done = await ApplyTemplateAsync(For(i), null, failFast.Token);
                return new RecipientCopy(i, done.OutputPath, done.OutputSize, plan.Frames, true, done.Elapsed, done.Elapsed, TimeSpan.Zero, done.LogPath);
            }), failFast);
            return new RecipientsResult(plan, clock.Elapsed, TimeSpan.Zero, full);
        }

        var work = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.OutputPaths[0]))!, $".recipients.{Guid.NewGuid():N}");
        try
        {
            var baseLog = request.BaseLogPath ?? Path.GetFullPath(request.OutputPaths[0]) + ".base.log";
            var encodedBase = await EncodeBaseAsync(For(0) with { LogPath = baseLog }, plan, Path.Combine(work, "base"), null, cancellationToken);
            var copies = await AllAsync(request.Recipients.Select(async (_, i) =>
            {
                var pieces = await EncodeCopyPiecesAsync(For(i), plan, Path.Combine(work, $"copy-{i:000}"), null, failFast.Token);
                var joined = await JoinCopyAsync(new RecipientJoinRequest(input, plan, encodedBase.PieceFiles, pieces.PieceFiles, request.OutputPaths[i], null, inputName), failFast.Token);
                TryDeleteFolder(Path.Combine(work, $"copy-{i:000}"));
                return new RecipientCopy(i, joined.OutputPath, joined.OutputSize, joined.Frames, false, pieces.EncodeTime + joined.Elapsed, pieces.EncodeTime, joined.Elapsed, joined.LogPath);
            }), failFast);
            return new RecipientsResult(plan, clock.Elapsed, encodedBase.Elapsed, copies);
        }
        finally
        {
            TryDeleteFolder(work);
        }
    }

    /// <summary>Every run to its end; the first failure (not a cancel) stops the others and is thrown.</summary>
    private static async Task<IReadOnlyList<T>> AllAsync<T>(IEnumerable<Task<T>> started, CancellationTokenSource failFast)
    {
        var runs = started.Select(async run =>
        {
            try
            {
                return await run;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await failFast.CancelAsync();
                throw;
            }
        }).ToList();
        try
        {
            return await Task.WhenAll(runs);
        }
        catch (Exception) when (runs.FirstOrDefault(r => r.IsFaulted && r.Exception!.InnerException is not OperationCanceledException) is { } failed)
        {
            throw failed.Exception!.InnerException!;
        }
    }

    /// <summary>
    /// The base cut by stream copy at the pieces' first frames (each an IDR frame of the base; in a closed group as
    /// many packets precede it in file order as frames before it on screen, which is what the segment muxer counts),
    /// each piece's file starting at 0. The personal pieces are dropped; every shared one is checked to hold its frames.
    /// </summary>
    private async Task<IReadOnlyList<string?>> CutBaseAsync(string file, RecipientPlan plan, string folder, RunLog log, CancellationToken cancellationToken)
    {
        var pieces = new string?[plan.Pieces.Count];
        if (plan.Pieces.Count == 1)
        {
            pieces[0] = file;
            return pieces;
        }

        var pattern = Path.Combine(folder, "base-%03d.mp4");
        string[] arguments =
        [
            "-hide_banner", "-nostdin", "-y", "-i", file, "-map", "0:v:0", "-c", "copy",
            "-f", "segment", "-segment_format", "mp4",
            "-segment_frames", string.Join(',', plan.Pieces.Skip(1).Select(p => p.Segment.FirstFrame.ToString(CultureInfo.InvariantCulture))),
            "-reset_timestamps", "1", pattern,
        ];
        log.Note($"cut: {CommandLineText.Format(options.FfmpegPath, arguments)}");
        var exit = await FfmpegProcess.RunAsync(options.FfmpegPath, arguments, null, log.Ffmpeg, cancellationToken);
        if (exit != 0)
        {
            throw new EncodeFailedException($"ffmpeg failed cutting the base (exit code {exit}): {log.LastError()}. Log: {log.Path}", log.Path);
        }

        foreach (var piece in plan.Pieces)
        {
            var path = Path.Combine(folder, $"base-{piece.Segment.Index:000}.mp4");
            if (piece.Personal)
            {
                TryDelete(path);
                continue;
            }

            var frames = File.Exists(path) ? (await FrameTimelineProbe.ProbeAsync(options.FfprobePath, path, "v:0", cancellationToken)).FrameCount : 0;
            if (frames != piece.Segment.FrameCount)
            {
                log.Note($"rejected: the base's piece {piece.Segment.Index} holds {frames} frames where the plan has {piece.Segment.FrameCount}");
                throw new EncodeFailedException($"The base's piece {piece.Segment.Index} holds {frames} frames where the plan has {piece.Segment.FrameCount}: the base was not cut on its IDR frames. Log: {log.Path}", log.Path);
            }

            pieces[piece.Segment.Index] = path;
        }

        TryDelete(file);
        return pieces;
    }

    private static void RequireSmart(RecipientPlan plan)
    {
        if (!plan.Smart)
        {
            throw new ArgumentException($"The plan makes every copy a full encode ({plan.Reason}): it has no base or pieces.", nameof(plan));
        }
    }
}
