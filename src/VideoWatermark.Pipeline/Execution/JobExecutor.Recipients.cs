using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Batches;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Templates;
using VideoWatermark.Engine;
using VideoWatermark.Engine.Recipients;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// A recipient batch's copy, encoded once where the picture is the same: the batch's one plan; its shared pieces (the
/// base, a piece at a time) encoded by whichever copy workers claim them first; this copy's personal pieces; the join
/// by stream copy. When the plan says full encodes, or the smart path fails on something other than the input, the
/// copy is a full encode, as a job outside a batch is.
/// </summary>
public sealed partial class JobExecutor
{
    /// <summary>The batch a copy job belongs to, this copy's recipient, and every recipient's token values, fixed as of the batch's creation.</summary>
    private sealed record BatchCopy(Batch Batch, int Index, IReadOnlyList<IReadOnlyDictionary<string, string>> Tokens)
    {
        public IReadOnlyDictionary<string, string> Own => Tokens[Index];
    }

    /// <summary>The batch this template job makes a copy for, or null (not in a batch, or the batch does not name it).</summary>
    private async Task<BatchCopy?> ReadBatchCopyAsync(Job job, CancellationToken cancellationToken)
    {
        if (job.BatchId is null || job.Template is null)
        {
            return null;
        }

        var batch = await retry.RunAsync("reading the batch", c => new BatchStore(store, time).GetAsync(job.BatchId, c), cancellationToken);
        var index = batch?.Recipients.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.JobId == job.Id) is { r: not null } found ? found.i : -1;
        if (batch is null || index < 0)
        {
            logger.LogWarning("Job {JobId} names batch {BatchId}, which does not list it; encoding it on its own", job.Id, job.BatchId);
            return null;
        }

        // Every worker of the batch renders {date} as of the batch, so the plan, the shared pieces and each copy agree,
        // and a retry renders the same.
        var tokens = batch.Recipients.Select(r => TokenValues.For(batch.CreatedAt, batch.FileName, r.JobId, r.Values)).ToList();
        return new BatchCopy(batch, index, tokens);
    }

    /// <summary>The copy: encoded once where the plan allows, else (or when that fails) a full encode.</summary>
    private async Task<ProducedOutput> ProduceBatchCopyAsync(Job job, WatermarkTemplate template, BatchCopy copy, WorkFolder folder, LatestProgress progress, Action<string> stage, CancellationToken cancellationToken)
    {
        var log = new CopyLog(time);
        try
        {
            if (recipientEngine is null || !options.EncodeOnce)
            {
                log.Note(recipientEngine is null ? "full encode: this worker has no recipient engine" : "full encode: encode once is off (VideoWatermark:Pipeline:EncodeOnce)");
                return await TrySplitAsync(job, folder, stage, cancellationToken)
                    ?? await EncodeWholeAsync(job, template, folder, progress, stage, copy.Own, cancellationToken);
            }

            stage("planning the batch's copies");
            var plan = await PlanBatchAsync(job, template, copy, folder, log, cancellationToken);
            if (!plan.Smart)
            {
                log.Note($"full encode: {plan.Reason}");
                return await TrySplitAsync(job, folder, stage, cancellationToken)
                    ?? await EncodeWholeAsync(job, template, folder, progress, stage, copy.Own, cancellationToken);
            }

            try
            {
                return await ProduceSmartCopyAsync(job, template, copy, plan, folder, progress, stage, log, cancellationToken);
            }
            catch (Exception ex) when (ex is EncodeFailedException or OutputMismatchException && !cancellationToken.IsCancellationRequested)
            {
                // Not the input's fault (that is refused as such): the copy is still owed, at a full encode's price.
                log.Note($"fell back to a full encode of this copy: {OneLine(ex.Message)}");
                logger.LogWarning(ex, "Encode-once failed for this copy; falling back to a full encode");
                progress.Report(0);
                return await EncodeWholeAsync(job, template, folder, progress, stage, copy.Own, cancellationToken);
            }
        }
        finally
        {
            log.WriteInto(folder.Log);
        }
    }

    /// <summary>
    /// The batch's one plan: read when a copy worker stored it already, else made here from the batch's recipients and
    /// stored with a conditional create; a worker that loses that race reads the winner's (the same plan anyway).
    /// </summary>
    private async Task<RecipientPlan> PlanBatchAsync(Job job, WatermarkTemplate template, BatchCopy copy, WorkFolder folder, CopyLog log, CancellationToken cancellationToken)
    {
        var shared = new SharedPieceStore(store);
        var batchId = copy.Batch.Id;
        if (await retry.RunAsync("reading the batch's plan", c => shared.GetPlanAsync(batchId, c), cancellationToken) is { } stored)
        {
            log.Note("plan: the batch's, made by another copy");
            return JsonSerializer.Deserialize(stored, PipelineJson.Default.RecipientPlan)!;
        }

        var (local, _) = LocalTemplate(job, template, folder, copy.Batch.CreatedAt);
        var plan = await recipientEngine!.PlanRecipientsAsync(folder.Input, job.FileName, local, copy.Tokens, options.RecipientGridSeconds, cancellationToken);
        var json = JsonSerializer.SerializeToUtf8Bytes(plan, PipelineJson.Default.RecipientPlan);
        if (await retry.RunAsync("storing the batch's plan", c => shared.TryCreatePlanAsync(batchId, json, c), cancellationToken))
        {
            log.Note($"plan: made here for {copy.Tokens.Count} recipients: {plan.Reason}");
            return plan;
        }

        log.Note("plan: the batch's, made by another copy at the same time");
        return await retry.RunAsync("reading the batch's plan", c => shared.GetPlanAsync(batchId, c), cancellationToken) is { } winner
            ? JsonSerializer.Deserialize(winner, PipelineJson.Default.RecipientPlan)!
            : plan;
    }

    /// <summary>
    /// (a) Claims and encodes the shared pieces nobody has claimed, one at a time; (b) encodes this copy's personal
    /// pieces; (c) waits for the shared pieces others hold (never while holding one), taking over a dead holder's;
    /// (d) fetches them, checked by SHA-256, joins and delivers.
    /// </summary>
    private async Task<ProducedOutput> ProduceSmartCopyAsync(Job job, WatermarkTemplate template, BatchCopy copy, RecipientPlan plan, WorkFolder folder, LatestProgress progress, Action<string> stage, CopyLog log, CancellationToken cancellationToken)
    {
        stage("downloading the watermark");
        await DownloadImagesAsync(job, folder, template, cancellationToken);
        var (local, _) = LocalTemplate(job, template, folder, copy.Batch.CreatedAt);
        var request = new TemplateRequest(folder.Input, folder.Output, local, copy.Own, folder.Path, folder.Log, job.FileName);
        var pieces = new SharedPieceStore(store);
        var batchId = copy.Batch.Id;
        var sharedDir = Path.Combine(folder.Path, "shared");
        var shared = plan.Pieces.Where(p => !p.Personal).Select(p => p.Segment.Index).ToList();
        var files = new Dictionary<int, string>();
        log.Note($"encode once: {plan.Reason}; shared pieces {List(shared)}, personal pieces {List(plan.Pieces.Where(p => p.Personal).Select(p => p.Segment.Index))}");
        progress.Reach(JobPhase.Encoding, time.GetUtcNow());

        stage("encoding the batch's shared pieces");
        foreach (var index in shared)
        {
            var claim = SharedPiece.Claim(batchId, index, job.Id, job.Attempts, time.GetUtcNow());
            if (await retry.RunAsync("claiming a shared piece", c => pieces.TryClaimAsync(claim, c), cancellationToken))
            {
                files[index] = await EncodeSharedPieceAsync(job, claim, plan, request, sharedDir, log, new ProgressRange(progress, 0, 40), cancellationToken);
            }
        }

        stage("encoding the copy's personal pieces");
        var own = await recipientEngine!.EncodeCopyPiecesAsync(request, plan, Path.Combine(folder.Path, "personal"), new ProgressRange(progress, 40, 80), cancellationToken);
        foreach (var file in own.PieceFiles.Where(f => f is not null))
        {
            log.Attach(file + ".log");
        }

        log.Note(string.Create(CultureInfo.InvariantCulture, $"personal pieces encoded in {own.EncodeTime.TotalSeconds:0.00} s"));

        stage("waiting for the shared pieces other copies encode");
        progress.Report(80);
        var done = await AwaitSharedPiecesAsync(job, plan, request, shared, files, sharedDir, log, cancellationToken);

        stage("downloading the shared pieces");
        Directory.CreateDirectory(sharedDir);
        foreach (var piece in done.Values.Where(p => !files.ContainsKey(p.Index)))
        {
            var path = Path.Combine(sharedDir, string.Create(CultureInfo.InvariantCulture, $"fetched-{piece.Index:D3}.mp4"));
            await retry.RunAsync("downloading a shared piece", c => store.DownloadAsync(piece.FileKey, path, c), cancellationToken);
            if (await Sha256File.ComputeAsync(path, cancellationToken) != piece.Sha256)
            {
                throw new OutputMismatchException($"The batch's shared piece {piece.Index} ({piece.FileKey}) is not the one its holder uploaded.");
            }

            files[piece.Index] = path;
        }

        stage("joining the copy");
        progress.Report(90);
        var basePieces = plan.Pieces.Select(p => p.Personal ? null : files[p.Segment.Index]).ToList();
        var joinLog = Path.Combine(folder.Path, "join.log");
        log.Attach(joinLog);
        var joined = await recipientEngine.JoinCopyAsync(new RecipientJoinRequest(folder.Input, plan, basePieces, own.PieceFiles, folder.Output, joinLog, job.FileName), cancellationToken);
        log.Note(string.Create(CultureInfo.InvariantCulture, $"joined {plan.Pieces.Count} pieces by stream copy in {joined.Elapsed.TotalSeconds:0.00} s: {joined.Frames} frames"));

        var output = await DeliverAsync(job, folder.Output, progress, stage, cancellationToken);
        logger.LogInformation("{OutputKey} encoded once: {Shared} shared and {Personal} personal pieces joined, uploaded and verified, {Size} bytes, SHA-256 {Sha256}",
            job.OutputKey, shared.Count, plan.Pieces.Count - shared.Count, output.Size, output.Sha256);
        return output with { VideoSeconds = joined.Duration, EncodedOnce = true };
    }

    /// <summary>
    /// Waits until every shared piece is done and its file is there. A piece nobody holds is claimed; one whose holder
    /// is gone (not running the attempt that claimed it, or silent past the lease), or done but whose file is gone, is
    /// taken over under the claim's ETag; either way this worker encodes it itself, holding only that one.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, SharedPiece>> AwaitSharedPiecesAsync(Job job, RecipientPlan plan, TemplateRequest request, IReadOnlyList<int> shared, Dictionary<int, string> files, string sharedDir, CopyLog log, CancellationToken cancellationToken)
    {
        var pieces = new SharedPieceStore(store);
        var batchId = job.BatchId!;
        var done = new Dictionary<int, SharedPiece>();
        var waitingNoted = false;
        while (true)
        {
            foreach (var index in shared.Where(i => !done.ContainsKey(i)))
            {
                var now = time.GetUtcNow();
                var read = await retry.RunAsync("reading a shared piece", c => pieces.GetAsync(batchId, index, c), cancellationToken);
                SharedPiece? mine = null;
                if (read is null)
                {
                    var claim = SharedPiece.Claim(batchId, index, job.Id, job.Attempts, now);
                    mine = await retry.RunAsync("claiming a shared piece", c => pieces.TryClaimAsync(claim, c), cancellationToken) ? claim : null;
                }
                else if (read.Value.Piece is { IsDone: true } finished)
                {
                    if (files.ContainsKey(index) || await retry.RunAsync("checking a shared piece", c => store.HeadAsync(finished.FileKey, c), cancellationToken) is not null)
                    {
                        done[index] = finished;
                        continue;
                    }

                    mine = await TakeOverAsync(pieces, read.Value, job, now, "its file is gone", log, cancellationToken);
                }
                else if (!read.Value.Piece.IsHeldBy(job.Id, job.Attempts))
                {
                    var holder = await retry.RunAsync("reading the holder's job", c => jobs.GetAsync(read.Value.Piece.HolderJobId, c), cancellationToken);
                    if (read.Value.Piece.HolderIsGone(holder, now, options.Lease))
                    {
                        mine = await TakeOverAsync(pieces, read.Value, job, now, $"job {read.Value.Piece.HolderJobId} attempt {read.Value.Piece.HolderAttempt} no longer runs", log, cancellationToken);
                    }
                }
                else if (!files.ContainsKey(index))
                {
                    // Ours, but never encoded here: the conditional write took, its answer was lost, and the retry was
                    // refused as if another had claimed it. Nobody else will encode it while this attempt heartbeats.
                    log.Note($"shared piece {index}: claimed by this attempt though the claim's answer was lost; encoding it");
                    mine = read.Value.Piece;
                }

                if (mine is not null)
                {
                    files[index] = await EncodeSharedPieceAsync(job, mine, plan, request, sharedDir, log, null, cancellationToken);
                    if (await retry.RunAsync("reading a shared piece", c => pieces.GetAsync(batchId, index, c), cancellationToken) is { Piece.IsDone: true } recorded)
                    {
                        done[index] = recorded.Piece;
                    }
                }
            }

            if (done.Count == shared.Count)
            {
                return done;
            }

            if (!waitingNoted)
            {
                waitingNoted = true;
                log.Note($"waiting for shared pieces {List(shared.Where(i => !done.ContainsKey(i)))}, held by other copies");
            }

            // The job's own heartbeat goes on meanwhile; a cancel ends this wait with the run's token.
            await Task.Delay(options.HeartbeatInterval, time, cancellationToken);
        }
    }

    private async Task<SharedPiece?> TakeOverAsync(SharedPieceStore pieces, (SharedPiece Piece, string? ETag) read, Job job, DateTimeOffset now, string why, CopyLog log, CancellationToken cancellationToken)
    {
        var taken = read.Piece.TakeOver(job.Id, job.Attempts, now);
        if (!await retry.RunAsync("taking over a shared piece", c => pieces.TryReplaceAsync(taken, read.ETag, c), cancellationToken))
        {
            return null;
        }

        log.Note($"took over shared piece {read.Piece.Index}: {why}");
        logger.LogInformation("Took over the batch's shared piece {Index}: {Why}", read.Piece.Index, why);
        return taken;
    }

    /// <summary>
    /// Encodes one shared piece this attempt holds, uploads it verified and records it done with its SHA-256. When the
    /// encode fails the claim is given up, so a waiter claims it afresh rather than waiting for this job to end.
    /// </summary>
    private async Task<string> EncodeSharedPieceAsync(Job job, SharedPiece claim, RecipientPlan plan, TemplateRequest request, string sharedDir, CopyLog log, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var pieces = new SharedPieceStore(store);
        try
        {
            var encoded = await recipientEngine!.EncodeSharedPiecesAsync(request, plan, [claim.Index], sharedDir, progress, cancellationToken);
            var file = encoded.PieceFiles[claim.Index]!;
            log.Attach(file + ".log");
            var size = new FileInfo(file).Length;
            var sha256 = await Sha256File.ComputeAsync(file, cancellationToken);
            await retry.RunAsync("uploading a shared piece", c => UploadVerifiedAsync(claim.FileKey, file, size, sha256, c), cancellationToken);
            var now = time.GetUtcNow();
            await retry.RunAsync("recording a shared piece", c => pieces.UpdateAsync(claim.BatchId, claim.Index, p => p.IsHeldBy(job.Id, job.Attempts) ? p.Done(size, sha256, now) : p, c), cancellationToken);
            log.Note(string.Create(CultureInfo.InvariantCulture, $"encoded shared piece {claim.Index} for the batch in {encoded.EncodeTime.TotalSeconds:0.00} s ({size} bytes, SHA-256 {sha256[..16]}…)"));
            return file;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await TryReleaseAsync(pieces, claim, job);
            throw;
        }
    }

    private async Task TryReleaseAsync(SharedPieceStore pieces, SharedPiece claim, Job job)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await pieces.ReleaseAsync(claim.BatchId, claim.Index, job.Id, job.Attempts, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not give up the claim on shared piece {Index}; a waiter takes it over once this job ends", claim.Index);
        }
    }

    private static string List(IEnumerable<int> indexes) => string.Join(", ", indexes.Select(i => i.ToString(CultureInfo.InvariantCulture))) is { Length: > 0 } list ? list : "none";
}
