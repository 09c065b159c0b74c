namespace VideoWatermark.Core.Templates;

/// <summary>How a layer moves: not at all, jumping between anchors, or gliding and bouncing off the edges.</summary>
public enum MotionKind
{
    None,
    Hop,
    Drift,
}
