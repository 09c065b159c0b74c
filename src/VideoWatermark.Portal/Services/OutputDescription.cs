using System.Globalization;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Portal.Services;

/// <summary>An output's facts in the words a video tool uses ("H.264 / AAC", "1.2 Mbit/s").</summary>
public static class OutputDescription
{
    private static readonly Dictionary<string, string> CodecNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["h264"] = "H.264",
        ["hevc"] = "H.265",
        ["av1"] = "AV1",
        ["vp9"] = "VP9",
        ["aac"] = "AAC",
        ["mp3"] = "MP3",
        ["opus"] = "Opus",
        ["ac3"] = "AC-3",
    };

    public static string Codecs(OutputFacts facts) =>
        facts.AudioCodec is { } audio ? $"{Codec(facts.VideoCodec)} / {Codec(audio)}" : $"{Codec(facts.VideoCodec)}, no sound";

    public static string Picture(OutputFacts facts) => string.Create(CultureInfo.InvariantCulture, $"{facts.Width}×{facts.Height}");

    public static string BitRate(long bitsPerSecond) => bitsPerSecond >= 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1_000_000.0:0.##} Mbit/s")
        : string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1000.0:0} kbit/s");

    /// <summary>Seconds to the tenth under a minute, minutes and seconds above.</summary>
    public static string Duration(double seconds) => seconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s")
        : JobTiming.Format(TimeSpan.FromSeconds(seconds));

    private static string Codec(string name) => CodecNames.TryGetValue(name, out var known) ? known : name.ToUpperInvariant();
}
