using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Remembers what a watermark image's probe found, by the image's content: every job of a batch (and of the local
/// worker pool) uses the same few watermarks, each downloaded to a new path, and probing one again would only repeat
/// an ffprobe run. Only accepted images are remembered; a refused one is probed (and refused) each time.
/// </summary>
internal sealed class ImageFactsCache
{
    /// <summary>A library holds a handful of watermarks; beyond this the cache starts over rather than grow.</summary>
    private const int Capacity = 64;

    /// <summary>Watermarks are small; a large file is not hashed but probed, which refuses it without reading it all.</summary>
    private const long MaxHashedBytes = 32L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, ImageFacts> byContent = new(StringComparer.Ordinal);

    public async Task<ImageFacts> GetOrProbeAsync(string path, Func<string, Task<ImageFacts>> probe, CancellationToken cancellationToken)
    {
        var key = await ContentKeyAsync(path, cancellationToken);
        if (key is not null && byContent.TryGetValue(key, out var known))
        {
            return known;
        }

        var facts = await probe(path);
        if (key is not null)
        {
            if (byContent.Count >= Capacity)
            {
                byContent.Clear();
            }

            byContent[key] = facts;
        }

        return facts;
    }

    /// <summary>The SHA-256 of the file, or null when it cannot be read (the probe then says why).</summary>
    private static async Task<string?> ContentKeyAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            if (stream.Length > MaxHashedBytes)
            {
                return null;
            }

            var hash = await SHA256.HashDataAsync(stream, cancellationToken);
            return Convert.ToHexString(hash);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
