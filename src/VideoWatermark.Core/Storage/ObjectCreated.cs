namespace VideoWatermark.Core.Storage;

/// <summary>
/// An object landed in the bucket: what an S3 ObjectCreated record says, and what the embedded store and the hot
/// folder raise on one machine.
/// </summary>
/// <param name="Sequencer">S3's per-key event order marker (the embedded store and the hot folder make their own):
/// tells two writes of the same bytes apart, but only an event carries it.</param>
/// <param name="VersionId">The S3 version id, when the bucket keeps versions.</param>
public sealed record ObjectCreated(string Bucket, string Key, long Size, string? ETag = null, string? Sequencer = null, string? VersionId = null)
{
    /// <summary>
    /// The object version as an event and a HEAD of the object both see it: the version id where the bucket keeps
    /// versions, else the ETag (S3 without versioning, s3rver and the embedded store). An upload found landed by a
    /// sweep and the same upload's event agree on it, so they dedupe against each other.
    /// </summary>
    public string? Version => VersionId ?? ETag;

    /// <summary>
    /// This one write, for drop-ins that have no job yet: the same event delivered twice makes one job, while the same
    /// bytes uploaded twice under one name make two.
    /// </summary>
    public string? WriteId => VersionId ?? Sequencer ?? ETag;

    /// <summary>What a HEAD of a landed object says, for uploads whose event never came.</summary>
    public static ObjectCreated Landed(string bucket, ObjectInfo landed) =>
        new(bucket, landed.Key, landed.Size, landed.ETag, null, landed.VersionId);
}

/// <summary>Receives <see cref="ObjectCreated"/> from the embedded store and the hot folder.</summary>
public interface IObjectCreatedListener
{
    ValueTask OnObjectCreatedAsync(ObjectCreated created, CancellationToken cancellationToken = default);
}
