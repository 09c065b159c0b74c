using VideoWatermark.Engine;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>Recognises a full disk, however it surfaced: a .NET write, or ffmpeg's own message.</summary>
internal static class NoSpace
{
    private const string FfmpegText = "No space left on device";

    public static bool Explains(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is InsufficientSpaceException
                || (e is IOException io && DiskFull.Explains(io))
                || (e is IOException or EncodeFailedException && e.Message.Contains(FfmpegText, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
