namespace VideoWatermark.Worker.Cli;

/// <summary>The CLI's exit codes; scripts tell a bad upload (do not retry) from an ffmpeg failure (may retry).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line is wrong (unknown option, value out of range, output exists).</summary>
    public const int Usage = 2;

    /// <summary>The input video or the watermark image cannot be used.</summary>
    public const int Rejected = 3;

    /// <summary>ffmpeg ran and failed; its log says why.</summary>
    public const int EncodeFailed = 4;

    public const int Cancelled = 130;
}
