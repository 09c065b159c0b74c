namespace VideoWatermark.Storage.Disk;

/// <summary>Whether a file system write failed because the disk is full, told by the error code, not by its words.</summary>
public static class DiskFull
{
    // ENOSPC on Linux (.NET puts the raw errno in HResult there); ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL on Windows.
    private const int Enospc = 28;
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static bool Explains(IOException exception) =>
        exception.HResult is Enospc or HandleDiskFull or WindowsDiskFull;
}
