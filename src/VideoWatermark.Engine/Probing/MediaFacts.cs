using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Engine.Probing;

/// <summary>What the engine needs to know about an input video, from ffprobe.</summary>
/// <param name="StreamIndex">The index of the video stream to watermark (the first one that is not cover art).</param>
/// <param name="Width">Coded width, before rotation.</param>
/// <param name="Rotation">Display-matrix rotation in degrees, 0 when none.</param>
internal sealed record VideoFacts(
    string FormatName,
    int StreamIndex,
    string Codec,
    string PixelFormat,
    int Width,
    int Height,
    int Rotation,
    TimeSpan Duration,
    IReadOnlyList<AudioTrack> Audio)
{
    private bool Sideways => Math.Abs(Rotation) % 180 == 90;

    /// <summary>Width as the viewer sees it: ffmpeg rotates decoded frames upright before our filters run.</summary>
    public int DisplayWidth => Sideways ? Height : Width;

    public int DisplayHeight => Sideways ? Width : Height;
}

internal sealed record AudioTrack(int StreamIndex, string Codec);

/// <param name="Visible">The bounding box of the image's visible pixels, which placement applies to.</param>
internal sealed record ImageFacts(string Codec, int Width, int Height, VisibleArea Visible);
