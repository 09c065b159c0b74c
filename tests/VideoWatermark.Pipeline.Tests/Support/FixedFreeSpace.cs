using VideoWatermark.Pipeline.Execution;

namespace VideoWatermark.Pipeline.Tests.Support;

/// <summary>A disk with <paramref name="bytes"/> free: a small Fargate volume without filling this machine's disk.</summary>
public sealed class FixedFreeSpace(long bytes) : IFreeSpaceProbe
{
    public long AvailableBytes(string folder) => bytes;
}
