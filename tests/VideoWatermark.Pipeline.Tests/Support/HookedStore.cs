using System.Collections.Concurrent;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>
/// The real store, with a hook around each transfer, so a fault test can take the real server down at an exact
/// stage of a job (say, as the output starts to upload) instead of guessing with timers.
/// </summary>
public sealed class HookedStore(IObjectStore inner) : IObjectStore
{
    /// <summary>Called before each download or upload with its method name and key.</summary>
    public Func<string, string, Task>? Before { get; set; }

    /// <summary>Called after each download or upload with its method name, key and whether it threw.</summary>
    public Func<string, string, bool, Task>? After { get; set; }

    /// <summary>How many times each (method, key) was called: a retried transfer shows as more than one.</summary>
    public ConcurrentDictionary<(string Method, string Key), int> Calls { get; } = new();

    public string Bucket => inner.Bucket;

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) => inner.HeadAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task<bool> PutAsync(string key, Stream content, string contentType, PutCondition? condition = null, CancellationToken cancellationToken = default) =>
        inner.PutAsync(key, content, contentType, condition, cancellationToken);

    public Task DownloadAsync(string key, string localPath, CancellationToken cancellationToken = default) =>
        HookAsync(nameof(DownloadAsync), key, () => inner.DownloadAsync(key, localPath, cancellationToken));

    public Task UploadAsync(string key, string localPath, string contentType, CancellationToken cancellationToken = default) =>
        HookAsync(nameof(UploadAsync), key, () => inner.UploadAsync(key, localPath, contentType, cancellationToken));

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<PresignedRequest> PresignUploadAsync(string key, string contentType, long maxLength, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        inner.PresignUploadAsync(key, contentType, maxLength, lifetime, cancellationToken);

    public Task<Uri> PresignDownloadAsync(string key, string downloadFileName, TimeSpan lifetime, bool inline = false, CancellationToken cancellationToken = default) =>
        inner.PresignDownloadAsync(key, downloadFileName, lifetime, inline, cancellationToken);

    public Task<string> StartMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default) =>
        inner.StartMultipartUploadAsync(key, contentType, cancellationToken);

    public Task<PresignedRequest> PresignUploadPartAsync(string key, string uploadId, int partNumber, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        inner.PresignUploadPartAsync(key, uploadId, partNumber, lifetime, cancellationToken);

    public Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken = default) =>
        inner.CompleteMultipartUploadAsync(key, uploadId, parts, cancellationToken);

    public Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default) =>
        inner.AbortMultipartUploadAsync(key, uploadId, cancellationToken);

    public Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken = default) =>
        inner.ListPartsAsync(key, uploadId, cancellationToken);

    private async Task HookAsync(string method, string key, Func<Task> call)
    {
        Calls.AddOrUpdate((method, key), 1, (_, n) => n + 1);
        if (Before is { } before)
        {
            await before(method, key);
        }

        var failed = true;
        try
        {
            await call();
            failed = false;
        }
        finally
        {
            if (After is { } after)
            {
                await after(method, key, failed);
            }
        }
    }
}
