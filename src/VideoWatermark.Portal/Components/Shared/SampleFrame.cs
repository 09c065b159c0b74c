namespace VideoWatermark.Portal.Components.Shared;

/// <summary>
/// The frame the placement preview draws on until a video of the user's own is shown: the size of
/// <c>wwwroot/img/sample-frame.svg</c>, a 720p picture, so the preview's pixels are those of a common video.
/// </summary>
public static class SampleFrame
{
    public const int Width = 1280;

    public const int Height = 720;
}
