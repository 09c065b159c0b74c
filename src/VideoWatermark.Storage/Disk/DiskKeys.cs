using System.Text;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// Which keys the disk store accepts: every key maps to one file strictly inside the data folder, never onto the
/// store's own bookkeeping folders, whatever a caller or a signed URL asks for.
/// </summary>
public static class DiskKeys
{
    /// <summary>S3's own limit on a key.</summary>
    public const int MaxKeyBytes = 1024;

    /// <summary>The file system's limit on one name.</summary>
    public const int MaxSegmentBytes = 255;

    internal const string TempFolder = ".tmp";
    internal const string MetaFolder = ".meta";
    internal const string UploadsFolder = ".uploads";
    internal const string SigningKeyFile = ".signing-key";

    /// <summary>The portal's own files in the data folder (the admin's password hash): never an object.</summary>
    internal const string PortalFolder = ".portal";

    private static readonly string[] Reserved = [TempFolder, MetaFolder, UploadsFolder, SigningKeyFile, PortalFolder];

    /// <summary>Throws <see cref="ArgumentException"/> saying what is wrong with <paramref name="key"/>.</summary>
    public static void Validate(string key, string paramName = "key")
    {
        if (Problem(key) is { } problem)
        {
            throw new ArgumentException($"Invalid object key '{Printable(key)}': {problem}.", paramName);
        }
    }

    public static bool IsValid(string key) => Problem(key) is null;

    /// <summary>Why <paramref name="key"/> is refused, or null when it is fine.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "it is empty";
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            return $"it is longer than {MaxKeyBytes} bytes";
        }

        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }

            if (c == '\\')
            {
                return "it contains a backslash";
            }
        }

        if (key[0] == '/' || Path.IsPathRooted(key))
        {
            return "it is an absolute path";
        }

        var segments = key.Split('/');
        if (Array.IndexOf(Reserved, segments[0]) >= 0)
        {
            return $"'{segments[0]}' is the store's own folder";
        }

        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                return "it has an empty path segment";
            }

            if (segment is "." or "..")
            {
                return "it has a '.' or '..' segment";
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                return $"a path segment is longer than {MaxSegmentBytes} bytes";
            }
        }

        return null;
    }

    private static string Printable(string? key)
    {
        if (key is null)
        {
            return "";
        }

        var shown = new string([.. key.Take(120).Select(c => char.IsControl(c) ? '?' : c)]);
        return key.Length > 120 ? shown + "…" : shown;
    }
}
