using System.Security.Cryptography;
using System.Text;

namespace VideoWatermark.Core.Events;

/// <summary>
/// Stripe's scheme: HMAC-SHA256 over <c>"&lt;timestamp&gt;.&lt;body&gt;"</c>, sent as
/// <c>X-VideoWatermark-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</c>, so a receiver checks both who sent it and
/// how fresh it is (a replayed old body carries an old timestamp).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-VideoWatermark-Signature";

    public static string Sign(string secret, DateTimeOffset at, string body)
    {
        var timestamp = at.ToUnixTimeSeconds();
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
