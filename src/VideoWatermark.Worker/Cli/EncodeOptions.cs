using System.CommandLine;
using System.Globalization;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Engine;

namespace VideoWatermark.Worker.Cli;

/// <summary>The placement and encoder options shared by <c>apply</c> and <c>batch</c>.</summary>
internal sealed class EncodeOptions
{
    private readonly EngineOptions defaults = new();

    public Option<FileInfo?> Watermark { get; } = new("--watermark")
    {
        Description = "Watermark image (PNG with transparency, JPEG, WebP). Default: the built-in WATERMARKED image.",
    };

    public Option<string> Position { get; } = new("--position")
    {
        Description = $"Where the watermark sits: {string.Join(", ", AnchorNames.All)}.",
        DefaultValueFactory = _ => Anchor.Center.ToName(),
    };

    public Option<double> Margin { get; } = new("--margin")
    {
        Description = "Gap to the frame's edges as a fraction of the video's shorter side (0 to 0.45).",
    };

    public Option<double> Scale { get; } = new("--scale")
    {
        Description = "Watermark width as a fraction of the video's width (0 to 1); 0 keeps the image's own size.",
    };

    public Option<double> Opacity { get; } = new("--opacity")
    {
        Description = "0 (invisible) to 1 (as drawn in the image).",
        DefaultValueFactory = _ => 1.0,
    };

    public Option<string?> Preset { get; }

    public Option<int?> Crf { get; }

    public Option<string?> X264Params { get; }

    public EncodeOptions()
    {
        Preset = new("--preset") { Description = $"x264 preset (default {defaults.Preset}): {string.Join(", ", EngineOptions.Presets)}." };
        Crf = new("--crf") { Description = $"x264 quality, 0 (lossless) to 51 (default {defaults.Crf.ToString(CultureInfo.InvariantCulture)})." };
        X264Params = new("--x264-params")
        {
            Description = $"Extra x264 settings, key=value:key=value (default: {EngineOptions.SuperfastTuning} with superfast, none otherwise; \"\" for none).",
        };
    }

    public IEnumerable<Option> All => [Watermark, Position, Margin, Scale, Opacity, Preset, Crf, X264Params];

    /// <summary>The spec from the command line, or a one-line reason it is invalid.</summary>
    public (WatermarkSpec? Spec, string? Error) ReadSpec(ParseResult result)
    {
        var position = result.GetValue(Position);
        if (!AnchorNames.TryParse(position, out var anchor))
        {
            return (null, $"Unknown position '{position}': use one of {string.Join(", ", AnchorNames.All)}.");
        }

        var spec = new WatermarkSpec
        {
            Position = anchor,
            Margin = result.GetValue(Margin),
            Scale = result.GetValue(Scale),
            Opacity = result.GetValue(Opacity),
        };
        var problems = spec.Problems();
        return problems.Count == 0 ? (spec, null) : (null, string.Join(" ", problems));
    }

    /// <summary>Engine settings: the defaults, with --preset, --crf and --x264-params applied, or a one-line reason they are invalid.</summary>
    public (EngineOptions? Options, string? Error) ReadEngineOptions(ParseResult result, int maxParallelEncodes = 1)
    {
        var options = new EngineOptions
        {
            Preset = result.GetValue(Preset) ?? defaults.Preset,
            Crf = result.GetValue(Crf) ?? defaults.Crf,
            X264Params = result.GetValue(X264Params) ?? defaults.X264Params,
            MaxParallelEncodes = maxParallelEncodes,
        };
        var problems = options.Problems();
        return problems.Count == 0 ? (options, null) : (null, string.Join(" ", problems));
    }
}
