using VideoWatermark.Core;

namespace VideoWatermark.Portal.Services;

public static class Bytes
{
    /// <summary>"1.5 GB" (see <see cref="ByteSize"/>), or a dash for a size not known yet.</summary>
    public static string Format(long? bytes) => bytes is { } value ? ByteSize.Format(value) : "–";
}
