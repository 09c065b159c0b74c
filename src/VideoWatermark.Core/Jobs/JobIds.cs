using System.Security.Cryptography;
using System.Text;

namespace VideoWatermark.Core.Jobs;

/// <summary>Job ids: 26 lower-case base32 characters, safe in keys, URLs and ECS client tokens.</summary>
public static class JobIds
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New() => Encode(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// The same id for every delivery of the same object version, so a duplicate S3 event finds the job it already made.
    /// </summary>
    public static string ForObject(string bucket, string key, string? versionOrSequencer) =>
        Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{bucket}\n{key}\n{versionOrSequencer}"))[..16]);

    public static bool IsValid(string? id) => id is { Length: 26 } && id.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    public static string Require(string id) => IsValid(id) ? id : throw new ArgumentException($"'{id}' is not a job id.", nameof(id));

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(26);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return sb.ToString();
    }
}
