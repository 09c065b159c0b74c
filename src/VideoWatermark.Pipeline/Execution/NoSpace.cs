using VideoWatermark.Engine;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>Recognises a full disk, however it surfaced: a .NET write, or ffmpeg's own message.</summary>
internal static class NoSpace
{
    private const string FfmpegText = "No space left on device";

    // ENOSPC on Linux (.NET puts the raw errno in HResult there); ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    private const int Enospc = 28;
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int DiskFull = unchecked((int)0x80070070);

    public static bool Explains(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is InsufficientSpaceException
                || (e is IOException && e.HResult is Enospc or HandleDiskFull or DiskFull)
                || (e is IOException or EncodeFailedException && e.Message.Contains(FfmpegText, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
