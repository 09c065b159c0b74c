namespace VideoWatermark.Core.Storage;

/// <summary>
/// The two moves every small JSON record in the bucket makes (jobs, segments, batches, shared pieces): created once,
/// and read with the ETag a conditional replace needs.
/// </summary>
public static class JsonRecords
{
    /// <summary>Writes <paramref name="json"/> at <paramref name="key"/> unless something is there; false when it was.</summary>
    public static async Task<bool> TryCreateAsync(this IObjectStore store, string key, byte[] json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);

        // The conditional write is what makes creation atomic on S3 and on disk; the look first also catches a
        // duplicate on S3-compatible servers that ignore If-None-Match.
        if (await store.HeadAsync(key, cancellationToken) is not null)
        {
            return false;
        }

        using var body = new MemoryStream(json);
        return await store.PutAsync(key, body, "application/json", PutCondition.MustNotExist, cancellationToken);
    }

    /// <summary>The record's bytes and the ETag to replace it under, or null when there is none.</summary>
    public static async Task<(byte[] Body, string? ETag)?> ReadWithETagAsync(this IObjectStore store, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            var head = await store.HeadAsync(key, cancellationToken);
            if (head is null)
            {
                return null;
            }

            await using var stream = await store.OpenReadAsync(key, cancellationToken);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return (buffer.ToArray(), head.ETag);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }
}
