namespace VideoWatermark.Core.Templates;

/// <summary>
/// <see cref="MotionKind.Hop"/> moves to the next anchor every <see cref="Period"/> seconds, so cropping one corner
/// never removes the mark; <see cref="MotionKind.Drift"/> crosses the frame and back once per period.
/// </summary>
public sealed record LayerMotion
{
    public MotionKind Type { get; set; } = MotionKind.None;

    public double Period { get; set; } = 10;
}
