using System.Text;
using VideoWatermark.Testing.Processes;

namespace VideoWatermark.Testing.Media;

/// <summary>
/// Runs ffmpeg/ffprobe for the test helpers with an argument list. A missing ffmpeg is a test failure with a clear
/// message, never a skip: media tests that cannot run must not pass.
/// </summary>
public static class MediaTool
{
    private static readonly Lazy<string?> MissingReason = new(FindMissing);

    /// <summary>Throws with an install hint when ffmpeg or ffprobe is not on PATH.</summary>
    public static void RequireFfmpeg()
    {
        if (MissingReason.Value is { } reason)
        {
            throw new InvalidOperationException(reason);
        }
    }

    /// <summary>Runs ffmpeg; returns stdout as bytes. Throws with the tail of stderr when it fails.</summary>
    public static byte[] Ffmpeg(params string[] args) => Run("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", .. args]);

    /// <summary>Runs ffprobe; returns stdout as text.</summary>
    public static string Ffprobe(params string[] args) => Encoding.UTF8.GetString(Run("ffprobe", ["-v", "error", .. args]));

    private static byte[] Run(string tool, string[] args)
    {
        RequireFfmpeg();
        var result = ProcessRun.Run(tool, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', args)} exited with {result.ExitCode}: {result.StdErr.Trim()}");
        }

        return result.StdOutBytes;
    }

    private static string? FindMissing()
    {
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(dir => File.Exists(Path.Combine(dir, tool)));
            if (!found)
            {
                return $"{tool} is not installed (not on PATH): these tests need the real ffmpeg. Install it with `apt-get install ffmpeg` (scripts/test.sh does).";
            }
        }

        return null;
    }
}
