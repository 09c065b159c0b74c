namespace VideoWatermark.Testing.Processes;

/// <summary>The live ffmpeg processes of this machine, read from /proc, so a test can tell whether its job's encode still runs.</summary>
public static class FfmpegProcesses
{
    /// <summary>Process ids of the ffmpegs with an argument containing <paramref name="text"/> (a job's id or work folder; other tests' ffmpegs have neither).</summary>
    public static IReadOnlyList<int> Using(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (Path.GetFileName(arguments[0]) == "ffmpeg" && arguments.Skip(1).Any(a => a.Contains(text, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return found;
    }
}
