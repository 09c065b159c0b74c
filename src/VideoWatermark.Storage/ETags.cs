namespace VideoWatermark.Storage;

/// <summary>
/// ETags travel unquoted inside the system (as S3 event records carry them) and quoted on the wire (as HTTP and S3's
/// headers carry them); both adapters accept either form.
/// </summary>
public static class ETags
{
    public static string Normalize(string etag)
    {
        var value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Trim('"');
    }

    public static string Quote(string etag) => $"\"{Normalize(etag)}\"";

    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);
}
