namespace VideoWatermark.Testing.Media;

/// <summary>What ffprobe says about a file, reduced to what tests assert on.</summary>
/// <param name="Width">Coded width of the first video stream (before rotation).</param>
/// <param name="Rotation">Display-matrix rotation in degrees as ffprobe reports it; 0 when there is none.</param>
/// <param name="Duration">The container's duration in seconds.</param>
public sealed record VideoInfo(
    string FormatName,
    double Duration,
    string? VideoCodec,
    string? PixelFormat,
    int Width,
    int Height,
    int Rotation,
    string? AudioCodec,
    int AudioStreams,
    string? VideoProfile)
{
    public bool HasVideo => VideoCodec is not null;

    public bool HasAudio => AudioStreams > 0;

    /// <summary>Width as the viewer sees it (rotation applied).</summary>
    public int DisplayWidth => Math.Abs(Rotation) % 180 == 90 ? Height : Width;

    public int DisplayHeight => Math.Abs(Rotation) % 180 == 90 ? Width : Height;
}
