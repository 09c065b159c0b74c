using VideoWatermark.Core.Storage;

namespace VideoWatermark.Portal.Security;

/// <summary>
/// The origin browsers reach the object store at when it is not the portal itself (S3, or the disk store behind
/// another public address), taken from a URL the store signs: whatever endpoint, addressing style and region the
/// store is configured with, this is where its signed URLs really point.
/// </summary>
public sealed partial class StorageOrigin(IObjectStore store, ILogger<StorageOrigin> logger)
{
    private const string ProbeKey = "csp-origin-probe";

    private readonly Lazy<Task<string?>> origin = new(() => FindAsync(store, logger));

    /// <summary><c>scheme://host[:port]</c>, or null when the store's URLs are relative (served by the portal).</summary>
    public Task<string?> GetAsync() => origin.Value;

    private static async Task<string?> FindAsync(IObjectStore store, ILogger logger)
    {
        try
        {
            // Signing is local (no request is sent); the key does not need to exist.
            var url = await store.PresignDownloadAsync(ProbeKey, ProbeKey, TimeSpan.FromMinutes(1));
            return url.IsAbsoluteUri ? url.GetLeftPart(UriPartial.Authority) : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without it the policy keeps browsers to the portal's own origin: uploads to the store then fail loudly.
            LogUnknownOrigin(logger, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the object store's origin for the Content-Security-Policy ({Reason}); browsers may only reach the portal itself")]
    private static partial void LogUnknownOrigin(ILogger logger, string reason);
}
