using System.Security.Cryptography;
using System.Text;
using System.Web;

namespace VideoWatermark.Storage.Tests;

/// <summary>
/// Recomputes a presigned URL's SigV4 query signature the way S3 does for an incoming request (AWS's documented
/// algorithm, written here independently of the SDK), so a test can tell which requests S3 would accept: s3rver
/// does not check version-4 signatures.
/// </summary>
public static class SigV4QueryCheck
{
    public static bool Accepts(Uri presigned, string method, Uri requestUrl, string secretKey, IReadOnlyDictionary<string, string> headers)
    {
        var query = HttpUtility.ParseQueryString(presigned.Query);
        var date = query["X-Amz-Date"]!;
        var scope = query["X-Amz-Credential"]!.Split('/', 2)[1];
        var scopeParts = scope.Split('/');
        var signed = query["X-Amz-SignedHeaders"]!.Split(';');

        var canonicalQuery = string.Join('&', requestUrl.Query.TrimStart('?').Split('&')
            .Where(p => !p.StartsWith("X-Amz-Signature=", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal));
        var canonicalHeaders = string.Concat(signed.Select(name => name + ":" + (name == "host" ? requestUrl.Authority : headers.GetValueOrDefault(name, "")).Trim() + "\n"));
        var canonicalRequest = string.Join('\n', method, requestUrl.AbsolutePath, canonicalQuery, canonicalHeaders, string.Join(';', signed), "UNSIGNED-PAYLOAD");
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", date, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in scopeParts)
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign))) == query["X-Amz-Signature"];
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
