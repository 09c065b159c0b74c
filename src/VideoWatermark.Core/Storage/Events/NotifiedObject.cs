namespace VideoWatermark.Core.Storage.Events;

/// <summary>
/// Reads an S3 event notification (AWS S3 through SQS, or a MinIO or Ceph webhook: the same Records shape) for
/// the paths that also poll the bucket. What they build for an object is exactly what a HEAD of it gives
/// (<see cref="ObjectCreated.Landed"/>): ETag and version id, no sequencer, because a listing never sees a
/// sequencer and a drop announced and found by both paths must map to one job.
/// </summary>
public static class NotifiedObject
{
    /// <summary>The created object a record announces in <paramref name="bucket"/>, or why the record is not one.</summary>
    public static (ObjectCreated? Created, string? Skipped) From(S3EventRecord record, string bucket)
    {
        // AWS names the event "ObjectCreated:Put", MinIO and Ceph "s3:ObjectCreated:Put".
        if (record.EventName?.Contains("ObjectCreated:", StringComparison.Ordinal) != true)
        {
            return (null, $"{record.EventName} is not an ObjectCreated event.");
        }

        var entity = record.S3?.Object;
        if (entity?.Key is null || record.S3?.Bucket?.Name is not { } recordBucket)
        {
            return (null, "The record names no bucket or key.");
        }

        if (recordBucket != bucket)
        {
            return (null, $"Bucket {recordBucket} is not the pipeline's bucket {bucket}.");
        }

        var etag = entity.ETag?.Trim('"');
        return (new ObjectCreated(bucket, S3EventKey.Decode(entity.Key), entity.Size ?? 0, string.IsNullOrEmpty(etag) ? null : etag, null,
            string.IsNullOrEmpty(entity.VersionId) ? null : entity.VersionId), null);
    }
}
