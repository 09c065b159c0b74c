using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoWatermark.Engine.Processes;

namespace VideoWatermark.Engine.Probing;

/// <summary>Runs ffprobe for JSON and turns its complaints into one readable line.</summary>
internal static partial class Ffprobe
{
    public static async Task<(JsonDocument? Json, string Errors)> RunAsync(string ffprobe, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var stdout = new StringBuilder();
        var stderr = new List<string>();
        var exit = await FfmpegProcess.RunAsync(ffprobe, ["-v", "error", "-of", "json", .. arguments],
            line => stdout.AppendLine(line), stderr.Add, cancellationToken).ConfigureAwait(false);
        var errors = Summarize(stderr);
        if (exit != 0)
        {
            return (null, errors.Length > 0 ? errors : $"ffprobe exited with code {exit}");
        }

        try
        {
            return (JsonDocument.Parse(stdout.ToString()), errors);
        }
        catch (JsonException)
        {
            return (null, "ffprobe's report could not be read");
        }
    }

    /// <summary>
    /// ffprobe's distinct error lines on one line, without the "[mov,mp4 @ 0x55…]" prefixes and without the file's
    /// path (which is ours, not the user's).
    /// </summary>
    public static string Summarize(IEnumerable<string> lines) =>
        string.Join("; ", lines
            .Select(l => ContextPrefix().Replace(l, "").Trim())
            .Select(l => l.StartsWith('/') && l.Contains(": ", StringComparison.Ordinal) ? l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..] : l)
            .Where(l => l.Length > 0)
            .Distinct()
            .Take(3));

    public static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ToString()) : null;

    public static int Int(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : 0;

    [GeneratedRegex(@"^\[[^\]]*@ ?0x[0-9a-f]+\]\s*")]
    private static partial Regex ContextPrefix();
}
