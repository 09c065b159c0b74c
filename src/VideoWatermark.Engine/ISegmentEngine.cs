using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine;

/// <summary>
/// Split and stitch in pieces, for a pipeline that runs each piece in its own worker: cut a video into segments at
/// keyframes, encode one segment to a file, join segment files into the output. The same code as
/// <see cref="FfmpegWatermarkEngine.ApplySegmentedAsync"/>, which does all three in one process.
/// </summary>
public interface ISegmentEngine
{
    /// <summary>
    /// Probes the video (refusing what <see cref="IWatermarkEngine.ApplyAsync"/> refuses) and, when it is longer than
    /// <paramref name="splitAboveSeconds"/>, cuts it into segments of about <paramref name="segmentSeconds"/>. Null
    /// when it is not worth cutting: short enough, or too few keyframes for two segments.
    /// </summary>
    Task<SegmentPlan?> PlanAsync(string inputPath, string inputName, double splitAboveSeconds, double segmentSeconds, CancellationToken cancellationToken = default);

    /// <summary>Encodes <paramref name="segment"/> of the request's video, watermarked, into its output (video only, starting at 0).</summary>
    Task<WatermarkResult> EncodeSegmentAsync(WatermarkRequest request, VideoSegment segment, IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="EncodeSegmentAsync"/>, with a template: timed layers see the same time as in one pass.</summary>
    Task<WatermarkResult> EncodeTemplateSegmentAsync(TemplateRequest request, VideoSegment segment, IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Joins the segment files by stream copy with the source's audio copied once, moves the index to the front and
    /// checks the result frame by frame against the source before moving it into place.
    /// </summary>
    /// <exception cref="EncodeFailedException">The join failed, or its output is not frame-exact (nothing is written then).</exception>
    Task<SegmentJoinResult> JoinAsync(SegmentJoinRequest request, CancellationToken cancellationToken = default);
}

/// <param name="Segments">The plan's segments, in order.</param>
/// <param name="SegmentFiles">Each segment's encoded file, in the same order.</param>
public sealed record SegmentJoinRequest(
    string InputPath,
    IReadOnlyList<VideoSegment> Segments,
    IReadOnlyList<string> SegmentFiles,
    string OutputPath,
    string? LogPath = null,
    string? InputName = null);

public sealed record SegmentJoinResult(string OutputPath, long OutputSize, TimeSpan Elapsed, string LogPath, int Frames, double Duration);
