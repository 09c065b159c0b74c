using System.Text;

namespace VideoWatermark.Storage;

/// <summary>
/// The Content-Disposition a download carries: an ASCII <c>filename</c> for old clients and the exact name in
/// <c>filename*</c> (RFC 6266 / RFC 5987), so non-ASCII and space names survive the trip to the user's disk.
/// </summary>
public static class ContentDisposition
{
    public static string Build(string fileName, bool inline = false)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "download" : fileName.Trim();
        var fallback = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            fallback.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_');
        }

        var type = inline ? "inline" : "attachment";
        return $"{type}; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(name)}";
    }
}
