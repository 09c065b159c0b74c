using System.Globalization;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// What a batch copy's run did, for the job's log (the one file uploaded per attempt): which path it took and why,
/// the shared pieces it encoded or took over, its personal pieces and the join, followed by the ffmpeg logs of each.
/// Written into the log at the end, because a full encode's log is started afresh by the engine.
/// </summary>
internal sealed class CopyLog(TimeProvider time)
{
    private readonly List<string> notes = [];
    private readonly List<string> attached = [];

    public void Note(string text)
    {
        lock (notes)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"[{time.GetUtcNow().UtcDateTime:HH:mm:ss.fff}] copy: {text}"));
        }
    }

    /// <summary>An ffmpeg log of one of the run's steps, copied in after the notes (when it exists by then).</summary>
    public void Attach(string? logFile)
    {
        if (logFile is not null)
        {
            lock (notes)
            {
                attached.Add(logFile);
            }
        }
    }

    /// <summary>The notes first, then what <paramref name="logPath"/> holds (a full encode's log), then each attached log.</summary>
    public void WriteInto(string logPath)
    {
        lock (notes)
        {
            if (notes.Count == 0 && attached.Count == 0)
            {
                return;
            }

            var existing = File.Exists(logPath) ? File.ReadAllText(logPath) : "";
            using var writer = new StreamWriter(logPath, append: false);
            foreach (var note in notes)
            {
                writer.WriteLine(note);
            }

            writer.Write(existing);
            foreach (var file in attached.Where(File.Exists))
            {
                writer.WriteLine($"--- {Path.GetFileName(file)} ---");
                writer.Write(File.ReadAllText(file));
            }
        }
    }
}
