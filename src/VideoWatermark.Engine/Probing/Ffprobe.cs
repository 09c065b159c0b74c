using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoWatermark.Engine.Processes;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Runs ffprobe with an argument list and reads its report (<see cref="ProbeReport"/>), turning its complaints into one
/// readable line. There is no <c>ffprobe -version</c> check first: a missing binary fails just as plainly when started.
/// ffprobe reads the file through a symbolic link with a fixed name in a private folder made for this run and deleted
/// afterwards: the name it sees holds nothing of the user's (no protocol prefix, no extension that is not ours).
/// </summary>
internal sealed partial class Ffprobe
{
    /// <summary>The container and its streams: what <see cref="ProbeReport"/> reads.</summary>
    private static readonly string[] AnalysisArguments =
        ["-loglevel", "error", "-print_format", "json", "-show_format", "-show_streams"];

    private readonly string executable;
    private readonly string? linkRoot;

    /// <param name="executable">"ffprobe" (found on PATH) or a full path whose file name is ffprobe.</param>
    /// <param name="linkRoot">Where the per-run link folders go; the system's temporary folder by default.</param>
    public Ffprobe(string executable, string? linkRoot = null)
    {
        this.executable = executable;
        this.linkRoot = linkRoot;
    }

    /// <summary>
    /// The analysis, or null and why ffprobe could not read the file. <paramref name="safeName"/> is the link's name:
    /// a constant such as <c>input.mp4</c>, the extension being what tells ffmpeg's demuxers what to expect.
    /// <paramref name="extraArguments"/> are ours (constants), never a user's.
    /// </summary>
    public async Task<(ProbeReport? Analysis, string Errors)> AnalyseAsync(
        string path, string safeName, IReadOnlyList<string>? extraArguments, CancellationToken cancellationToken)
    {
        EnsureExecutableExists();
        var folder = linkRoot is null
            ? Directory.CreateTempSubdirectory("vw-probe-")
            : Directory.CreateDirectory(Path.Combine(linkRoot, "vw-probe-" + Guid.NewGuid().ToString("N")));
        try
        {
            var link = Path.Combine(folder.FullName, safeName);
            File.CreateSymbolicLink(link, Path.GetFullPath(path));
            var report = new StringBuilder();
            var stderr = new List<string>();
            var exit = await FfmpegProcess.RunAsync(executable, [.. AnalysisArguments, .. extraArguments ?? [], link],
                line => report.Append(line).Append('\n'), stderr.Add, cancellationToken);
            var errors = Summarize(stderr);
            if (exit != 0)
            {
                return (null, errors.Length > 0 ? errors : $"ffprobe exited with code {exit}");
            }

            return (ProbeReport.Parse(report.ToString()), errors);
        }
        catch (JsonException)
        {
            return (null, "ffprobe's report could not be read");
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// A configured path that does not exist is named as such, the same words whether or not the system says more;
    /// checked before every reading of a video, including the ones that need no ffprobe run, so a wrong setting shows
    /// on the first job and not on the first file that needs it.
    /// </summary>
    public void EnsureExecutableExists()
    {
        if (Path.GetDirectoryName(executable) is { Length: > 0 } && !File.Exists(executable))
        {
            throw CannotStart("no such file", null);
        }
    }

    private EncodeFailedException CannotStart(string why, Exception? inner) =>
        new($"Cannot start '{executable}': {why}. Is ffmpeg installed and on PATH?", null, inner);

    private static void TryDelete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder holds only a link, never a copy of the user's file.
        }
    }

    /// <summary>
    /// ffprobe's distinct error lines on one line, without the "[mov,mp4 @ 0x55…]" prefixes and without the file's
    /// path (which is ours, not the user's).
    /// </summary>
    public static string Summarize(IEnumerable<string>? lines) =>
        string.Join("; ", (lines ?? [])
            .Select(l => ContextPrefix().Replace(l, "").Trim())
            .Select(l => l.StartsWith('/') && l.Contains(": ", StringComparison.Ordinal) ? l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..] : l)
            .Where(l => l.Length > 0)
            .Distinct()
            .Take(3));

    [GeneratedRegex(@"^\[[^\]]*@ ?0x[0-9a-f]+\]\s*")]
    private static partial Regex ContextPrefix();
}
