using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// Signs and checks the disk store's URL tokens: <c>base64url(json grant) "." base64url(HMAC-SHA256)</c>, as Rails
/// ActiveStorage's Disk service does with its verifier. Everything the grant binds is inside the signed part, so a
/// token cannot be stretched to another key, method, type, size or time.
/// </summary>
public sealed class BlobTokenSigner(byte[] key, TimeProvider time)
{
    private const string Purpose = "videowatermark-blob-v1|";

    private readonly byte[] key = key.Length >= 32 ? key : throw new ArgumentException("A signing key needs at least 32 bytes.", nameof(key));

    public string Sign(BlobGrant grant)
    {
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(grant, DiskJsonContext.Default.BlobGrant));
        return payload + "." + Base64Url.EncodeToString(Mac(payload));
    }

    /// <summary>The grant inside <paramref name="token"/>, or null with the reason it is refused.</summary>
    public BlobGrant? Verify(string? token, out string reason)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0 || dot == token.Length - 1)
        {
            reason = "malformed token";
            return null;
        }

        var payload = token[..dot];
        byte[] signature;
        byte[] json;
        try
        {
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            json = Base64Url.DecodeFromChars(payload);
        }
        catch (FormatException)
        {
            reason = "malformed token";
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Mac(payload)))
        {
            reason = "bad signature";
            return null;
        }

        BlobGrant? grant;
        try
        {
            grant = JsonSerializer.Deserialize(json, DiskJsonContext.Default.BlobGrant);
        }
        catch (JsonException)
        {
            grant = null;
        }

        if (grant is null)
        {
            reason = "malformed token";
            return null;
        }

        if (time.GetUtcNow() >= grant.ExpiresAt)
        {
            reason = "expired";
            return null;
        }

        reason = "";
        return grant;
    }

    private byte[] Mac(string payload) => HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(Purpose + payload));
}
