using VideoWatermark.Core;

namespace VideoWatermark.Portal.Services;

/// <summary>
/// Which files the portal takes. The browser applies the same rules (sent to it by the upload page) before anything
/// leaves the machine; the server applies them again because a script can send anything.
/// </summary>
public static class UploadRules
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/x-m4v",
        [".mov"] = "video/quicktime",
        [".mkv"] = "video/x-matroska",
        [".webm"] = "video/webm",
    };

    public static IReadOnlyList<string> Extensions => ObjectKeys.VideoExtensions;

    /// <summary>Checks a file before a job is made for it; returns the content type the upload must carry.</summary>
    public static string Check(string? fileName, string? contentType, long size, long maxBytes)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new RequestRefusedException("A file name is required.");
        }

        var ext = Path.GetExtension(fileName.Trim());
        if (!ContentTypes.TryGetValue(ext, out var typeForExtension))
        {
            throw new RequestRefusedException(
                $"'{Path.GetFileName(fileName)}' is not a video this service takes: use {string.Join(", ", Extensions)}.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        var declared = (contentType ?? "").Split(';')[0].Trim();
        if (declared.Length > 0 && !declared.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            && !declared.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestRefusedException(
                $"'{Path.GetFileName(fileName)}' is declared as {declared}, not a video.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (size <= 0)
        {
            throw new RequestRefusedException($"'{Path.GetFileName(fileName)}' is empty.");
        }

        if (size > maxBytes)
        {
            throw new RequestRefusedException(
                $"'{Path.GetFileName(fileName)}' is {Bytes.Format(size)}; the limit is {Bytes.Format(maxBytes)}.",
                StatusCodes.Status413PayloadTooLarge);
        }

        // The signed URL binds the content type, so the one the client must send is fixed here from the extension.
        return declared.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? declared.ToLowerInvariant() : typeForExtension;
    }
}
