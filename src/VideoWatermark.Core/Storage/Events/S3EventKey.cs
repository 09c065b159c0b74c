namespace VideoWatermark.Core.Storage.Events;

/// <summary>Object keys in S3 events are form-encoded: '+' is a space, then %XX bytes are UTF-8.</summary>
public static class S3EventKey
{
    public static string Decode(string encodedKey)
    {
        ArgumentNullException.ThrowIfNull(encodedKey);
        // '+' first: a literal plus in a key arrives as %2B and must survive as '+'.
        return Uri.UnescapeDataString(encodedKey.Replace('+', ' '));
    }
}
