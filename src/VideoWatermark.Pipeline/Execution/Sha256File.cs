using System.Security.Cryptography;

namespace VideoWatermark.Pipeline.Execution;

internal static class Sha256File
{
    /// <summary>Lower-case hex SHA-256 of a local file, streamed.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
