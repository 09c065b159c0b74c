namespace VideoWatermark.Pipeline.Execution;

/// <summary>Free bytes where a run keeps its files. Fargate's ephemeral disk is small; tests shrink it further.</summary>
public interface IFreeSpaceProbe
{
    long AvailableBytes(string folder);
}

public sealed class DriveFreeSpaceProbe : IFreeSpaceProbe
{
    public long AvailableBytes(string folder) => new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
}
