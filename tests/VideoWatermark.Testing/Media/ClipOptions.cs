namespace VideoWatermark.Testing.Media;

/// <summary>
/// What <see cref="TestMedia.Clip"/> generates. The defaults make a small, fast clip: 320x180, 2 s, 25 fps, testsrc2
/// picture, a 440 Hz sine on the audio track, H.264 + AAC (VP9 + Opus for .webm). The container comes from the file
/// extension (.mp4, .mov, .m4v, .mkv, .webm).
/// </summary>
public sealed record ClipOptions
{
    public int Width { get; init; } = 320;

    public int Height { get; init; } = 180;

    public double Seconds { get; init; } = 2;

    public int Fps { get; init; } = 25;

    /// <summary>Encoded pixel format, e.g. <c>yuv420p</c>, <c>yuv420p10le</c> (10-bit), <c>yuv444p</c>.</summary>
    public string PixelFormat { get; init; } = "yuv420p";

    /// <summary>A flat colour (ffmpeg colour name or <c>0xRRGGBB</c>) instead of the moving testsrc2 picture.</summary>
    public string? Color { get; init; }

    /// <summary>False for a clip with no audio stream.</summary>
    public bool Audio { get; init; } = true;

    /// <summary>ffmpeg video encoder; null picks libx264 (libvpx-vp9 for .webm).</summary>
    public string? VideoCodec { get; init; }

    /// <summary>ffmpeg audio encoder; null picks aac (libopus for .webm).</summary>
    public string? AudioCodec { get; init; }

    /// <summary>Display-matrix rotation in degrees (0, 90, 180, 270) as phones write it; .mp4/.mov/.m4v only.</summary>
    public int Rotation { get; init; }

    /// <summary>
    /// How many audio tracks (with <see cref="Audio"/>). Track n is a sine of 440·(n+1) Hz with n+1 channels, tagged
    /// with the n-th of <c>eng, fra, deu, spa</c>, so each track can be told apart by what it holds and says.
    /// </summary>
    public int AudioTracks { get; init; } = 1;

    /// <summary>Seconds the audio starts after the video (<c>-itsoffset</c>), as a camera that starts recording sound late writes it.</summary>
    public double AudioDelaySeconds { get; init; }

    /// <summary>
    /// Strength (1 to 100) of grain drawn on every frame, kept by a near-lossless H.264 encode: about 10 MB a second at
    /// 640x360, for an upload that must go in many parts. 0 for none.
    /// </summary>
    public int Noise { get; init; }

    /// <summary>Drops every fourth frame so frame durations vary (a variable-frame-rate clip).</summary>
    public bool VariableFrameRate { get; init; }
}
