namespace VideoWatermark.Core;

/// <summary>An <c>s3://bucket/key</c> path, as the original's environment variables carry them.</summary>
public readonly record struct S3Path(string Bucket, string Key)
{
    public override string ToString() => $"s3://{Bucket}/{Key}";

    public static bool TryParse(string? text, out S3Path path)
    {
        path = default;
        if (text is null || !text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        path = new S3Path(rest[..slash], rest[(slash + 1)..]);
        return true;
    }

    public static S3Path Parse(string text) =>
        TryParse(text, out var path) ? path : throw new FormatException($"'{text}' is not an s3://bucket/key path.");
}
