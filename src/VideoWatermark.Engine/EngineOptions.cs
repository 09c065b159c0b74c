namespace VideoWatermark.Engine;

/// <summary>Encoder settings, bound from <c>VideoWatermark:Engine</c>.</summary>
public sealed partial class EngineOptions
{
    public const string Section = "VideoWatermark:Engine";

    /// <summary>The x264 presets, fastest first.</summary>
    public static IReadOnlyList<string> Presets { get; } =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo"];

    /// <summary>
    /// x264 preset. superfast at CRF 24 (see <see cref="Crf"/>), with x264's macroblock tree back on (see
    /// <see cref="X264Params"/>), keeps the original command's quality at no more than its file size on clean and on
    /// grainy video in well under half its time; plain superfast turns the tree off and its files balloon on grain, and
    /// veryfast is slower for the same quality. Measured with bench/engine-bench.sh; the figures are in
    /// bench/README.md.
    /// </summary>
    public string Preset { get; set; } = "superfast";

    /// <summary>
    /// Extra x264 settings (<c>key=value:key=value</c>) on top of the preset. Unset: <see cref="SuperfastTuning"/> when
    /// the preset is superfast, nothing otherwise; empty: nothing.
    /// </summary>
    public string? X264Params { get; set; }

    /// <summary>
    /// superfast's speed without its one costly omission: the macroblock tree (with the lookahead it needs) spends
    /// fewer bits where the picture is not referenced, which on grainy video keeps the file the original's size.
    /// </summary>
    public const string SuperfastTuning = "mbtree=1:rc-lookahead=10";

    /// <summary>The x264 settings a run passes, after the preset's default.</summary>
    public string EffectiveX264Params => X264Params ?? (Preset == "superfast" ? SuperfastTuning : "");

    /// <summary>
    /// x264 constant rate factor (0 lossless … 51 worst). 24, one step above the original command's 23: superfast
    /// spends more bits than medium for the same picture, and at 23 its files came out larger than the original's; at
    /// 24 they are smaller, with an SSIM still within the issue's margin of the original's. Higher settings (extra
    /// motion search, partitions, trellis) would buy the size back at a CPU cost the speed target cannot carry.
    /// </summary>
    public int Crf { get; set; } = 24;

    /// <summary>
    /// How many encodes this engine runs at once; further callers wait their turn. Two: x264 keeps the cores busy in
    /// the middle of a file but not at its start and end (input probing, lookahead fill and flush, the faststart
    /// rewrite), and a second encode fills those gaps: a batch goes through faster two at a time than one at a time,
    /// at twice the encoder memory (bench/README.md, "batch").
    /// </summary>
    public int MaxParallelEncodes { get; set; } = 2;

    /// <summary>
    /// Threads for ffmpeg's filter graph (<c>-filter_complex_threads</c>); 0 leaves it to ffmpeg (one per core). One:
    /// the graph's work is small per frame (overlays of stills prepared once), and splitting every filter's work into
    /// slices for other threads and waiting for them, frame after frame, took more wall time than it saved while x264
    /// wanted those cores; the more overlays, the more it took (a template's timed layers). Measured with the
    /// worker's own commands run alone (bench/README.md, "ffmpeg's filter graph on one thread").
    /// </summary>
    public int FilterThreads { get; set; } = 1;

    /// <summary>The ffmpeg executable: a name found on PATH or a full path.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>
    /// The ffprobe executable: "ffprobe" on PATH or a full path. Its name stays ffprobe, as the ffmpeg next to it
    /// expects; only the folder can change.
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

        if (X264Params is { Length: > 0 } x264 && !X264ParamsPattern().IsMatch(x264))
        {
            problems.Add($"X264Params '{x264}' is not a list of x264 settings: use key=value pairs joined by ':', e.g. {SuperfastTuning}.");
        }

        if (Crf is < 0 or > 51)
        {
            problems.Add($"Crf {Crf} is out of range: use 0 (lossless) to 51.");
        }

        if (MaxParallelEncodes < 1)
        {
            problems.Add($"MaxParallelEncodes {MaxParallelEncodes} must be at least 1.");
        }

        if (FilterThreads < 0)
        {
            problems.Add($"FilterThreads {FilterThreads} must be 0 (ffmpeg's choice) or more.");
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

    /// <summary>The arguments that set <see cref="FilterThreads"/>; none when ffmpeg chooses.</summary>
    internal IEnumerable<string> FilterThreadArguments() =>
        FilterThreads > 0 ? ["-filter_complex_threads", FilterThreads.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];

    public EngineOptions Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new ArgumentException(string.Join(" ", problems));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9][a-z0-9_-]*=[A-Za-z0-9.,_/-]+(:[a-z0-9][a-z0-9_-]*=[A-Za-z0-9.,_/-]+)*$")]
    private static partial System.Text.RegularExpressions.Regex X264ParamsPattern();
}
