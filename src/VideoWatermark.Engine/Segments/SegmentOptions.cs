namespace VideoWatermark.Engine.Segments;

/// <summary>How many segments to cut a video into, and the shortest one worth its start-up.</summary>
public sealed record SegmentOptions(int Count, double MinimumSeconds = SegmentPlanner.DefaultMinimumSeconds);
