using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Core.Batches;

/// <summary>
/// Batch records as JSON objects at <see cref="ObjectKeys.BatchKey"/>, beside the job records and read by the same
/// processes (the portal, the Lambda, the local dispatcher). A batch is written once and never updated.
/// </summary>
public sealed class BatchStore(IObjectStore store, TimeProvider time)
{
    /// <summary>Writes a new batch; false when one with that id exists already.</summary>
    public async Task<bool> TryCreateAsync(Batch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var key = ObjectKeys.BatchKey(batch.Id);
        batch = batch with { CreatedAt = batch.CreatedAt == default ? time.GetUtcNow() : batch.CreatedAt };

        return await store.TryCreateAsync(key, JobJson.Serialize(batch), cancellationToken);
    }

    /// <summary>The batch <paramref name="id"/>, or null when there is none (or the id is not one).</summary>
    public async Task<Batch?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!JobIds.IsValid(id))
        {
            return null;
        }

        try
        {
            await using var stream = await store.OpenReadAsync(ObjectKeys.BatchKey(id), cancellationToken);
            return await JobJson.DeserializeBatchAsync(stream, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
