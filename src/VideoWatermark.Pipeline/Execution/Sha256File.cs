using System.Security.Cryptography;

namespace VideoWatermark.Pipeline.Execution;

internal static class Sha256File
{
    /// <summary>Lower-case hex SHA-256 of a local file, streamed.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await ComputeAsync(stream, cancellationToken);
    }

    /// <summary>Lower-case hex SHA-256 of what is left in <paramref name="stream"/>, read to its end.</summary>
    public static async Task<string> ComputeAsync(Stream stream, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
}
