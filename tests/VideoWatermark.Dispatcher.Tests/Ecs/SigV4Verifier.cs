using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace VideoWatermark.Dispatcher.Tests.Ecs;

/// <summary>
/// Recomputes a request's AWS Signature Version 4 from what arrived on the wire, independently of the SDK's signer,
/// following the SigV4 documentation: canonical request, string to sign, derived key, HMAC.
/// </summary>
public sealed class SigV4Verifier(string accessKey, string secretKey, string region, string service)
{
    private static readonly string[] MustSign = ["host", "x-amz-date", "x-amz-target"];

    /// <summary>Every way the request's signature is wrong; empty when it verifies.</summary>
    public IReadOnlyList<string> Problems(HttpRequest request, byte[] body, DateTimeOffset now)
    {
        var problems = new List<string>();
        var authorization = request.Headers.Authorization.ToString();
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return [$"Authorization '{authorization}' is not {Algorithm.Trim()}."];
        }

        var parts = authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return [$"Authorization '{authorization}' lacks Credential, SignedHeaders or Signature."];
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != accessKey || scope[2] != region || scope[3] != service || scope[4] != "aws4_request")
        {
            problems.Add($"Credential '{credential}' is not {accessKey}/<date>/{region}/{service}/aws4_request.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            problems.Add($"X-Amz-Date '{amzDate}' is not yyyyMMddTHHmmssZ.");
        }
        else if ((now - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            problems.Add($"X-Amz-Date {amzDate} is more than 5 minutes from now.");
        }
        else if (scope.Length == 5 && scope[1] != amzDate[..8])
        {
            problems.Add($"The credential scope date {scope[1]} is not the X-Amz-Date day.");
        }

        var signedHeaders = signedHeaderList.Split(';');
        foreach (var name in MustSign.Where(n => !signedHeaders.Contains(n, StringComparer.Ordinal)))
        {
            problems.Add($"Header {name} is not signed (SignedHeaders={signedHeaderList}).");
        }

        if (!signedHeaders.SequenceEqual(signedHeaders.Order(StringComparer.Ordinal)) || signedHeaders.Any(h => h != h.ToLowerInvariant()))
        {
            problems.Add($"SignedHeaders '{signedHeaderList}' are not lower-case and sorted.");
        }

        var payloadHash = Hex(SHA256.HashData(body));
        if (request.Headers.TryGetValue("x-amz-content-sha256", out var declared) && declared.ToString() != payloadHash)
        {
            problems.Add("X-Amz-Content-SHA256 does not match the body.");
        }

        if (request.Headers.ContainsKey("x-amz-security-token") && !signedHeaders.Contains("x-amz-security-token"))
        {
            problems.Add("X-Amz-Security-Token is sent but not signed.");
        }

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            if (!request.Headers.TryGetValue(name, out var values))
            {
                problems.Add($"Signed header {name} was not sent.");
                continue;
            }

            canonicalHeaders.Append(name).Append(':').Append(Collapse(string.Join(",", values.Select(v => v ?? "")))).Append('\n');
        }

        var canonicalRequest = string.Join("\n",
            request.Method,
            string.IsNullOrEmpty(request.Path.Value) ? "/" : request.Path.Value,
            CanonicalQuery(request.QueryString.Value),
            canonicalHeaders.ToString(),
            signedHeaderList,
            payloadHash);
        var date = amzDate.Length >= 8 ? amzDate[..8] : "";
        var stringToSign = string.Join("\n", "AWS4-HMAC-SHA256", amzDate, $"{date}/{region}/{service}/aws4_request", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
        {
            problems.Add($"Signature {signature} does not match the recomputed {expected}.");
        }

        return problems;
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        return string.Join("&", query.TrimStart('?').Split('&').Order(StringComparer.Ordinal));
    }

    private static string Collapse(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
