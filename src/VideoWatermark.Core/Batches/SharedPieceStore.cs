using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// A batch's encode-once work in the bucket (<see cref="ObjectKeys.SharedWorkOf"/>): the plan every copy worker
/// follows, kept as the JSON the engine wrote, and one <see cref="SharedPiece"/> claim per shared piece. Creations are
/// conditional, so the first writer wins and the others read what it wrote.
/// </summary>
public sealed class SharedPieceStore(IObjectStore store)
{
    private const int MaxUpdateTries = 8;

    /// <summary>Stores the batch's plan; false when one is there already (read it instead: it is the same plan).</summary>
    public Task<bool> TryCreatePlanAsync(string batchId, byte[] json, CancellationToken cancellationToken = default) =>
        store.TryCreateAsync(ObjectKeys.RecipientPlanKey(batchId), json, cancellationToken);

    public async Task<byte[]?> GetPlanAsync(string batchId, CancellationToken cancellationToken = default) =>
        (await store.ReadWithETagAsync(ObjectKeys.RecipientPlanKey(batchId), cancellationToken))?.Body;

    /// <summary>Claims a piece nobody has claimed; false when a claim exists already.</summary>
    public Task<bool> TryClaimAsync(SharedPiece claim, CancellationToken cancellationToken = default) =>
        store.TryCreateAsync(ObjectKeys.SharedPieceKey(claim.BatchId, claim.Index), Serialize(claim), cancellationToken);

    /// <summary>The claim on piece <paramref name="index"/> with the ETag to replace it under; null when unclaimed.</summary>
    public async Task<(SharedPiece Piece, string? ETag)?> GetAsync(string batchId, int index, CancellationToken cancellationToken = default)
    {
        var read = await store.ReadWithETagAsync(ObjectKeys.SharedPieceKey(batchId, index), cancellationToken);
        return read is { } found ? (JobJson.DeserializePiece(found.Body), found.ETag) : null;
    }

    /// <summary>Replaces the claim read with <paramref name="etag"/>; false when someone changed it since.</summary>
    public async Task<bool> TryReplaceAsync(SharedPiece piece, string? etag, CancellationToken cancellationToken = default)
    {
        using var body = new MemoryStream(Serialize(piece));
        var condition = etag is null ? PutCondition.MustNotExist : PutCondition.MustMatch(etag);
        return await store.PutAsync(ObjectKeys.SharedPieceKey(piece.BatchId, piece.Index), body, "application/json", condition, cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> to the current claim and writes it back under its ETag; null when there is none.</summary>
    public async Task<SharedPiece?> UpdateAsync(string batchId, int index, Func<SharedPiece, SharedPiece> change, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await GetAsync(batchId, index, cancellationToken) is not { } current)
            {
                return null;
            }

            var next = change(current.Piece);
            if (next.Equals(current.Piece) || await TryReplaceAsync(next, current.ETag, cancellationToken))
            {
                return next;
            }

            if (attempt >= MaxUpdateTries)
            {
                throw new InvalidOperationException($"Batch {batchId}'s shared piece {index} kept changing under us; gave up after {attempt} tries.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
        }
    }

    /// <summary>
    /// Gives up a claim this attempt holds and has not finished (its encode failed), so a waiter claims the piece
    /// afresh instead of waiting for this job to end.
    /// </summary>
    public async Task ReleaseAsync(string batchId, int index, string jobId, int attempt, CancellationToken cancellationToken = default)
    {
        if (await GetAsync(batchId, index, cancellationToken) is { } current && current.Piece.IsHeldBy(jobId, attempt) && !current.Piece.IsDone)
        {
            await store.DeleteAsync(ObjectKeys.SharedPieceKey(batchId, index), cancellationToken);
        }
    }

    /// <summary>Every claim of the batch, in piece order.</summary>
    public async Task<IReadOnlyList<SharedPiece>> ListAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var pieces = new List<SharedPiece>();
        await foreach (var info in store.ListAsync($"{ObjectKeys.SharedWorkOf(batchId)}pieces/", cancellationToken))
        {
            if (info.Key.EndsWith(".json", StringComparison.Ordinal) && await store.ReadWithETagAsync(info.Key, cancellationToken) is { } read)
            {
                pieces.Add(JobJson.DeserializePiece(read.Body));
            }
        }

        return [.. pieces.OrderBy(p => p.Index)];
    }

    /// <summary>Removes the plan, every claim and every file of the batch's shared work; returns how many objects went.</summary>
    public async Task<int> DeleteAllAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var info in store.ListAsync(ObjectKeys.SharedWorkOf(batchId), cancellationToken))
        {
            keys.Add(info.Key);
        }

        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        return keys.Count;
    }

    private static byte[] Serialize(SharedPiece piece) => JobJson.Serialize(piece);
}
