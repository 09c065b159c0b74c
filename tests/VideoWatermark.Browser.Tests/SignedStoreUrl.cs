namespace VideoWatermark.Browser.Tests;

/// <summary>What the embedded store's signed URLs carry, read as the store would, for tests that stand between page and store.</summary>
internal static class SignedStoreUrl
{
    /// <summary>The part number in the URL's grant (<c>"p"</c> in its base64url JSON); 0 for a whole-object upload or a download.</summary>
    public static int PartNumber(string url)
    {
        var token = url[(url.IndexOf("/storage/blobs/", StringComparison.Ordinal) + "/storage/blobs/".Length)..].Split('.', '?')[0];
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        using var grant = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(base64));
        return grant.RootElement.TryGetProperty("p", out var part) ? part.GetInt32() : 0;
    }
}
