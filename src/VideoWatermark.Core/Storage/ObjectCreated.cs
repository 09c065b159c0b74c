namespace VideoWatermark.Core.Storage;

/// <summary>
/// An object landed in the bucket: what an S3 ObjectCreated record says, and what the embedded store and the hot
/// folder raise on one machine.
/// </summary>
/// <param name="Sequencer">S3's per-key event order marker, or a version id; identifies this write for idempotency.</param>
public sealed record ObjectCreated(string Bucket, string Key, long Size, string? ETag = null, string? Sequencer = null);

/// <summary>Receives <see cref="ObjectCreated"/> from the embedded store and the hot folder.</summary>
public interface IObjectCreatedListener
{
    ValueTask OnObjectCreatedAsync(ObjectCreated created, CancellationToken cancellationToken = default);
}
