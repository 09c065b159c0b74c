namespace VideoWatermark.Engine;

/// <summary>Encoder settings, bound from <c>VideoWatermark:Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string Section = "VideoWatermark:Engine";

    /// <summary>The x264 presets, fastest first.</summary>
    public static IReadOnlyList<string> Presets { get; } =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    /// <summary>
    /// x264 preset. veryfast at the original's CRF 23 keeps the original command's quality (SSIM within 0.002 of it
    /// against a lossless encode, on a clean and on a grainy clip) at about half its time; superfast is faster on clean
    /// footage but its files balloon on grain (no macroblock tree). Measured with bench/engine-bench.sh; figures in
    /// bench/README.md.
    /// </summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>x264 constant rate factor (0 lossless … 51 worst).</summary>
    public int Crf { get; set; } = 23;

    /// <summary>
    /// How many encodes this engine runs at once; further callers wait their turn. x264 already keeps every core busy:
    /// on 2 cores, 8 clips one at a time were as fast as two at a time (bench/README.md), so one it is.
    /// </summary>
    public int MaxParallelEncodes { get; set; } = 1;

    /// <summary>The ffmpeg executable: a name found on PATH or a full path.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>
    /// The ffprobe executable: "ffprobe" on PATH or a full path. FFMpegCore, which runs it, looks for a file named
    /// ffprobe in a folder, so only the folder can change.
    /// </summary>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Every reason these options cannot be used; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Presets.Contains(Preset))
        {
            problems.Add($"Preset '{Preset}' is not an x264 preset: use one of {string.Join(", ", Presets)}.");
        }

        if (Crf is < 0 or > 51)
        {
            problems.Add($"Crf {Crf} is out of range: use 0 (lossless) to 51.");
        }

        if (MaxParallelEncodes < 1)
        {
            problems.Add($"MaxParallelEncodes {MaxParallelEncodes} must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(FfmpegPath) || string.IsNullOrWhiteSpace(FfprobePath))
        {
            problems.Add("FfmpegPath and FfprobePath must name the ffmpeg and ffprobe executables.");
        }
        else if (Path.GetFileNameWithoutExtension(FfprobePath) != "ffprobe")
        {
            problems.Add($"FfprobePath '{FfprobePath}' must be a file named ffprobe, on PATH or in a folder.");
        }

        return problems;
    }

    public EngineOptions Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join(" ", problems));
    }
}
