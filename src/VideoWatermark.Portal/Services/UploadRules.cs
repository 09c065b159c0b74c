using VideoWatermark.Core;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Limits;

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
    public static string Check(string? fileName, string? contentType, long size, InputLimits limits)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw new InvalidInputException("A file name is required.");
        }

        // Refusals name the file as it would be stored: no folders, no line breaks, whatever the client sent.
        var shown = ObjectKeys.SafeFileName(fileName);
        var ext = Path.GetExtension(shown);
        if (!ContentTypes.TryGetValue(ext, out var typeForExtension))
        {
            throw new UnsupportedTypeException(
                $"'{shown}' is not a video this service takes: use {string.Join(", ", Extensions)}.");
        }

        var declared = (contentType ?? "").Split(';')[0].Trim();
        if (declared.Length > 0 && !declared.StartsWith("video/", StringComparison.OrdinalIgnoreCase)
            && !declared.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw new UnsupportedTypeException(
                $"'{shown}' is declared as {declared}, not a video.");
        }

        if (size <= 0)
        {
            throw new InvalidInputException($"'{shown}' is empty.");
        }

        if (limits.SizeProblem(shown, size) is { } tooLarge)
        {
            throw new TooLargeException(tooLarge);
        }

        // The signed URL binds the content type, so the one the client must send is fixed here from the extension.
        return declared.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ? declared.ToLowerInvariant() : typeForExtension;
    }
}
