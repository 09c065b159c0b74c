using System.Text.Json.Serialization;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// A claim on one shared piece of a batch's copies (the picture every copy has the same there): which job attempt
/// encodes it, and once its file is uploaded, its size and SHA-256. Stored at <see cref="ObjectKeys.SharedPieceKey"/>,
/// created with a conditional write so one worker encodes it; a waiter takes a dead holder's claim over with a
/// conditional replace.
/// </summary>
public sealed record SharedPiece
{
    public required string BatchId { get; init; }

    /// <summary>The piece's index in the batch's plan.</summary>
    public int Index { get; init; }

    public required string HolderJobId { get; init; }

    public int HolderAttempt { get; init; }

    public DateTimeOffset ClaimedAt { get; init; }

    public DateTimeOffset? DoneAt { get; init; }

    public long? Size { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>How many holders have claimed it: more than one means a holder died (or its file went) and it was taken over.</summary>
    public int Claims { get; init; } = 1;

    /// <summary>Encoded, uploaded and verified.</summary>
    [JsonIgnore]
    public bool IsDone => DoneAt is not null && Sha256 is not null;

    [JsonIgnore]
    public string FileKey => ObjectKeys.SharedPieceFileKey(BatchId, Index, HolderJobId, HolderAttempt);

    public static SharedPiece Claim(string batchId, int index, string jobId, int attempt, DateTimeOffset now) =>
        new() { BatchId = batchId, Index = index, HolderJobId = jobId, HolderAttempt = attempt, ClaimedAt = now };

    public bool IsHeldBy(string jobId, int attempt) => HolderJobId == jobId && HolderAttempt == attempt;

    /// <summary>
    /// Whether the holder can no longer finish the piece: its job is gone, no longer running the attempt that
    /// claimed it, or silent past <paramref name="lease"/> (the lease the dispatcher gives a running job).
    /// </summary>
    public bool HolderIsGone(Job? holder, DateTimeOffset now, TimeSpan lease) =>
        holder is null || !holder.IsRunningAttempt(HolderAttempt)
        || now - (holder.HeartbeatAt ?? holder.StartedAt ?? holder.UpdatedAt) > lease;

    /// <summary>The claim passes to <paramref name="jobId"/>'s attempt, which encodes the piece again from the start.</summary>
    public SharedPiece TakeOver(string jobId, int attempt, DateTimeOffset now) => this with
    {
        HolderJobId = jobId,
        HolderAttempt = attempt,
        ClaimedAt = now,
        DoneAt = null,
        Size = null,
        Sha256 = null,
        Claims = Claims + 1,
    };

    public SharedPiece Done(long size, string sha256, DateTimeOffset now) => this with { DoneAt = now, Size = size, Sha256 = sha256 };
}
