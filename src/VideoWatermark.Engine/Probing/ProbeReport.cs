using System.Globalization;
using System.Text.Json;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// The part of ffprobe's JSON report (<c>-show_format -show_streams</c>) the engine reads. Read with the framework's
/// <see cref="JsonDocument"/>, whose code comes compiled ahead of time with the framework: a reflection-built model of
/// the report (FFMpegCore's, before) was compiled and built anew in every worker process, on the way to every encode
/// (bench/README.md, "Start-up").
/// </summary>
internal sealed record ProbeReport(ProbeFormat Format, IReadOnlyList<ProbeStream> Streams)
{
    public IEnumerable<ProbeStream> VideoStreams => Streams.Where(s => s.CodecType == "video");

    public IEnumerable<ProbeStream> AudioStreams => Streams.Where(s => s.CodecType == "audio");

    public ProbeStream? PrimaryVideoStream => VideoStreams.OrderBy(s => s.Index).FirstOrDefault();

    public ProbeStream? PrimaryAudioStream => AudioStreams.OrderBy(s => s.Index).FirstOrDefault();

    /// <exception cref="JsonException">The text is not a report: not JSON, or no <c>format</c> object.</exception>
    public static ProbeReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("ffprobe's report has no format");
        }

        var streams = root.TryGetProperty("streams", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(ReadStream).ToList()
            : [];
        return new ProbeReport(
            new ProbeFormat(Text(format, "format_name"), Seconds(Text(format, "duration")), PositiveNumber(Text(format, "bit_rate"))),
            streams);
    }

    private static ProbeStream ReadStream(JsonElement stream) => new(
        Integer(stream, "index") ?? -1,
        Text(stream, "codec_type"),
        Text(stream, "codec_name"),
        Integer(stream, "width") ?? 0,
        Integer(stream, "height") ?? 0,
        Text(stream, "pix_fmt"),
        Rotation(stream),
        Seconds(Text(stream, "duration")) is var seconds && seconds > TimeSpan.Zero ? seconds : TagDuration(stream),
        stream.TryGetProperty("disposition", out var disposition) && Integer(disposition, "attached_pic") == 1);

    /// <summary>
    /// The display matrix's rotation, else the legacy <c>rotate</c> tag, in whole degrees as ffprobe gives them (a
    /// phone's portrait video reads -90 or 90).
    /// </summary>
    private static int Rotation(JsonElement stream)
    {
        if (stream.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in sideData.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && Text(entry, "side_data_type") == "Display Matrix"
                    && entry.TryGetProperty("rotation", out var rotation) && rotation.ValueKind == JsonValueKind.Number)
                {
                    return (int)rotation.GetDouble();
                }
            }
        }

        return Tag(stream, "rotate") is { } tag && double.TryParse(tag, NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees)
            ? (int)degrees
            : 0;
    }

    /// <summary>Matroska and WebM give a stream's length only as a <c>DURATION</c> tag, <c>00:00:20.000000000</c>.</summary>
    private static TimeSpan TagDuration(JsonElement stream)
    {
        var tag = Tag(stream, "duration");
        if (tag is null)
        {
            return TimeSpan.Zero;
        }

        // TimeSpan takes at most seven digits of a second.
        var dot = tag.IndexOf('.', StringComparison.Ordinal);
        var trimmed = dot >= 0 && tag.Length > dot + 8 ? tag[..(dot + 8)] : tag;
        return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var duration) && duration > TimeSpan.Zero ? duration : TimeSpan.Zero;
    }

    private static string? Tag(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var tag in tags.EnumerateObject())
        {
            if (tag.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && tag.Value.ValueKind == JsonValueKind.String)
            {
                return tag.Value.GetString();
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Integer(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    /// <summary>
    /// A number ffprobe writes as a string ("20.000000", or "N/A" where a writer keeps it), or zero for anything not
    /// above zero.
    /// </summary>
    private static double PositiveNumber(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value > 0 ? value : 0;

    private static TimeSpan Seconds(string? text) => PositiveNumber(text) is var seconds and > 0 && seconds < TimeSpan.MaxValue.TotalSeconds
        ? TimeSpan.FromSeconds(seconds)
        : TimeSpan.Zero;
}

/// <param name="Duration">Zero when ffprobe does not know it.</param>
/// <param name="BitRate">Bits per second, zero when ffprobe does not know it.</param>
internal sealed record ProbeFormat(string? FormatName, TimeSpan Duration, double BitRate);

/// <param name="Index">The stream's index in the file, as ffmpeg's <c>-map 0:N</c> takes it.</param>
/// <param name="Width">Coded width, before rotation; zero for a stream without a picture.</param>
/// <param name="Rotation">Degrees as ffprobe reports them, zero when none.</param>
/// <param name="Duration">Zero when ffprobe does not know it.</param>
/// <param name="AttachedPicture">Cover art: a still picture, not the video.</param>
internal sealed record ProbeStream(
    int Index,
    string? CodecType,
    string? CodecName,
    int Width,
    int Height,
    string? PixelFormat,
    int Rotation,
    TimeSpan Duration,
    bool AttachedPicture);
