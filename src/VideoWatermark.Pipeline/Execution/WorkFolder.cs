using VideoWatermark.Core;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Pipeline.Execution;

/// <summary>
/// One run's private folder. Files get fixed names chosen here, so a user's file name never reaches ffmpeg's command
/// line. Removed, whatever happened, when disposed.
/// </summary>
internal sealed class WorkFolder : IDisposable
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp"];

    private WorkFolder(string path, string inputKey, string watermarkKey)
    {
        Path = path;
        Input = System.IO.Path.Combine(path, "input" + KnownExtension(inputKey, ObjectKeys.VideoExtensions, ".mp4"));
        Watermark = System.IO.Path.Combine(path, "watermark" + KnownExtension(watermarkKey, ImageExtensions, ".png"));
        Output = System.IO.Path.Combine(path, "output.mp4");
        Log = System.IO.Path.Combine(path, "ffmpeg.log");
    }

    public string Path { get; }

    public string Input { get; }

    public string Watermark { get; }

    public string Output { get; }

    public string Log { get; }

    /// <summary>Where image layer <paramref name="index"/> of a template goes, under a fixed name like the watermark's.</summary>
    public string LayerImage(int index, string key) =>
        System.IO.Path.Combine(Path, $"layer{index}" + KnownExtension(key, ImageExtensions, ".png"));

    public static WorkFolder Create(string root, string jobId, int attempt, string inputKey, WatermarkSpec spec)
    {
        var path = System.IO.Path.Combine(root, $"{jobId}-{attempt}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return new WorkFolder(path, inputKey, spec.Image);
    }

    /// <summary>Segment <paramref name="index"/>'s run: its own folder, which no other segment's or the job's run removes.</summary>
    public static WorkFolder CreateSegment(string root, string jobId, int index, int attempt, string inputKey, WatermarkSpec spec)
    {
        var path = System.IO.Path.Combine(root, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{jobId}-s{index:D3}-{attempt}-{Guid.NewGuid():N}")[..48]);
        Directory.CreateDirectory(path);
        return new WorkFolder(path, inputKey, spec.Image);
    }

    /// <summary>Where the join puts segment <paramref name="index"/>'s encoded file.</summary>
    public string SegmentFile(int index) =>
        System.IO.Path.Combine(Path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"segment-{index:D3}.mp4"));

    /// <summary>
    /// Removes the folders runs left behind when their process died, and returns how many. Only call it when no run
    /// of this work root can be alive (the local pool at start, before it runs anything).
    /// </summary>
    public static int DeleteLeftovers(string root)
    {
        if (!Directory.Exists(root))
        {
            return 0;
        }

        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var name = System.IO.Path.GetFileName(folder);
            if (name.Length > 27 && name[26] == '-' && JobIds.IsValid(name[..26]))
            {
                Directory.Delete(folder, recursive: true);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>
    /// Removes what earlier attempts of this job left when their process died (a worker killed outright, then run
    /// again on the same disk). The claim of attempt <paramref name="attempt"/> means they no longer own the job.
    /// </summary>
    public static void DeleteEarlierAttempts(string root, string jobId, int attempt)
    {
        foreach (var folder in Directory.EnumerateDirectories(root, jobId + "-*"))
        {
            var rest = System.IO.Path.GetFileName(folder)[(jobId.Length + 1)..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(rest[..dash], System.Globalization.CultureInfo.InvariantCulture, out var earlier) && earlier < attempt)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // Still in use by a dying process: worth a try, not worth failing this attempt for.
                }
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A file still held open (an ffmpeg not yet gone); the pool's start-up sweep removes the folder later.
        }
    }

    // ffmpeg picks demuxers partly by extension, so a known one is kept; anything else gets a neutral default.
    private static string KnownExtension(string key, IReadOnlyList<string> known, string fallback)
    {
        var ext = System.IO.Path.GetExtension(key).ToLowerInvariant();
        return known.Contains(ext) ? ext : fallback;
    }
}
