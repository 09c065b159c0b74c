using System.ComponentModel;
using System.Text.Json;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Exceptions;

namespace VideoWatermark.Engine.Probing;

/// <summary>
/// Runs ffprobe through FFMpegCore and turns its complaints into one readable line.
/// FFMpegCore 6 starts ffprobe with ONE command string holding the file path in double quotes, so a user's file name
/// (which may hold quotes, <c>$(…)</c>, anything) must never reach it: ffprobe reads the file through a symbolic link
/// with a fixed name in a private folder made for this run and deleted afterwards.
/// </summary>
internal sealed partial class Ffprobe
{
    private readonly string executable;
    private readonly FFOptions options;
    private readonly string? linkRoot;

    /// <param name="executable">"ffprobe" (found on PATH) or a full path whose file name is ffprobe.</param>
    /// <param name="linkRoot">Where the per-run link folders go; the system's temporary folder by default.</param>
    public Ffprobe(string executable, string? linkRoot = null)
    {
        this.executable = executable;
        this.linkRoot = linkRoot;
        var folder = Path.GetDirectoryName(executable);
        // Our own options rather than GlobalFFOptions: the engine's settings must not leak into other FFMpegCore users.
        options = new FFOptions { BinaryFolder = string.IsNullOrEmpty(folder) ? "" : Path.GetFullPath(folder) };
    }

    /// <summary>
    /// The analysis, or null and why ffprobe could not read the file. <paramref name="safeName"/> is the link's name:
    /// a constant such as <c>input.mp4</c>, the extension being what tells ffmpeg's demuxers what to expect.
    /// </summary>
    public async Task<(IMediaAnalysis? Analysis, string Errors)> AnalyseAsync(
        string path, string safeName, string? customArguments, CancellationToken cancellationToken)
    {
        EnsureExecutableExists();
        var folder = linkRoot is null
            ? Directory.CreateTempSubdirectory("vw-probe-")
            : Directory.CreateDirectory(Path.Combine(linkRoot, "vw-probe-" + Guid.NewGuid().ToString("N")));
        try
        {
            var link = Path.Combine(folder.FullName, safeName);
            File.CreateSymbolicLink(link, Path.GetFullPath(path));
            var analysis = await FFProbe.AnalyseAsync(link, options, customArguments, cancellationToken);
            return (analysis, Summarize(analysis.StandardError));
        }
        catch (FFProbeProcessException e)
        {
            var errors = Summarize(e.StandardError);
            return (null, errors.Length > 0 ? errors : $"ffprobe exited with code {e.ExitCode}");
        }
        catch (Exception e) when (e is FFProbeException or JsonException)
        {
            return (null, "ffprobe's report could not be read");
        }
        catch (Win32Exception e)
        {
            throw CannotStart(e.Message, e);
        }
        finally
        {
            TryDelete(folder);
        }
    }

    /// <summary>
    /// FFMpegCore quietly falls back to "ffprobe" on PATH when its binary folder holds none: a configured path that
    /// does not exist must be an error, not a different ffprobe.
    /// </summary>
    private void EnsureExecutableExists()
    {
        if (options.BinaryFolder.Length > 0 && !File.Exists(executable))
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
