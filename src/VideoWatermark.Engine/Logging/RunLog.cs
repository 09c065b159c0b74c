using System.Globalization;

namespace VideoWatermark.Engine.Logging;

/// <summary>
/// One log file per ffmpeg run: what was asked, the full command line, every line ffmpeg wrote to stderr, and how it
/// ended. Kept whatever the outcome, so a failed job can be diagnosed from its log alone.
/// </summary>
internal sealed class RunLog : IDisposable
{
    private const int TailLines = 20;
    private readonly Lock gate = new();
    private readonly StreamWriter writer;
    private readonly Queue<string> tail = new();

    private RunLog(string path, StreamWriter writer)
    {
        Path = path;
        this.writer = writer;
    }

    public string Path { get; }

    public static RunLog Create(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        return new RunLog(path, writer);
    }

    /// <summary>A line of our own, time-stamped; numbers are written the same way whatever the machine's culture.</summary>
    public void Note(FormattableString text)
    {
        lock (gate)
        {
            writer.WriteLine($"[{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}Z] {text.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>A line ffmpeg wrote to stderr, kept verbatim.</summary>
    public void Ffmpeg(string line)
    {
        lock (gate)
        {
            writer.WriteLine(line);
            if (!string.IsNullOrWhiteSpace(line))
            {
                tail.Enqueue(line.Trim());
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }
    }

    /// <summary>ffmpeg's most telling recent line (an error if it printed one), for one-line failure messages.</summary>
    public string LastError()
    {
        lock (gate)
        {
            var lines = tail.ToArray();
            return lines.LastOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)
                    || l.Contains("invalid", StringComparison.OrdinalIgnoreCase))
                ?? lines.LastOrDefault()
                ?? "no output";
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            writer.Dispose();
        }
    }
}
