using System.Text.Json.Serialization;
using VideoWatermark.Engine.Segments;

namespace VideoWatermark.Engine.Recipients;

/// <summary>
/// How personal copies of one video are made; plain data, so a pipeline can keep it as JSON between its steps. <paramref name="Smart"/>: one base (the shared layers, an IDR frame
/// at every grid point) whose shared pieces every copy takes by stream copy, and per copy only the personal pieces
/// re-encoded with the whole template; otherwise every copy is a full encode, and <paramref name="Reason"/> says why.
/// </summary>
/// <param name="PersonalLayers">The layers that differ between recipients (<see cref="Recipients.PersonalLayers"/>).</param>
/// <param name="PersonalShare">The share of the video's frames in personal pieces: what each copy re-encodes.</param>
/// <param name="EstimatedCost">What the copies cost in encoded frames (the base plus every copy's personal pieces) against full encodes: 1 for full encodes.</param>
/// <param name="KeyframeCuts">Where the base starts a closed group (an IDR frame): in seconds from the first frame, halfway between a grid frame and the one before it.</param>
/// <param name="Pieces">The video in order, every frame in one piece; a personal piece's frames are what a copy re-encodes. Empty when not smart.</param>
public sealed record RecipientPlan(
    bool Smart,
    string Reason,
    IReadOnlyList<int> PersonalLayers,
    int Recipients,
    int Frames,
    double GridSeconds,
    double PersonalShare,
    double EstimatedCost,
    IReadOnlyList<double> KeyframeCuts,
    IReadOnlyList<RecipientPiece> Pieces)
{
    /// <summary>The pieces' segments, in order, as the join takes them.</summary>
    [JsonIgnore]
    public IReadOnlyList<VideoSegment> Segments => [.. Pieces.Select(p => p.Segment)];
}

/// <summary>A run of grid cells: taken from the base by every copy, or (<paramref name="Personal"/>) re-encoded for each.</summary>
public sealed record RecipientPiece(VideoSegment Segment, bool Personal);
