using System.Globalization;
using VideoWatermark.Testing.Processes;

namespace VideoWatermark.Testing.Media;

/// <summary>
/// A stand-in for the ffmpeg the product runs (point the engine's <c>FfmpegPath</c> at <see cref="Path"/>), so a test
/// can act mid-encode at a known point on any machine instead of racing the encode. The stand-in notes its process id
/// and then becomes the real ffmpeg; the test waits for that, may read the input slowly enough that the encode cannot
/// end before it looks, and can freeze the encode with SIGSTOP. Whatever it started is killed when the gate is disposed,
/// including an ffmpeg left orphaned by a worker the test killed.
/// </summary>
public sealed class FfmpegGate : IDisposable
{
    private readonly TempFolder folder = new("ffmpeg-gate");

    /// <param name="readRate">
    /// When set, ffmpeg reads its input at this multiple of real time (ffmpeg's <c>-readrate</c>), so an encode of an
    /// N-second clip lasts at least N / readRate seconds however fast the machine is.
    /// </param>
    public FfmpegGate(double? readRate = null)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The ffmpeg stand-in is a POSIX shell script.");
        }

        MediaTool.RequireFfmpeg();
        var real = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "ffmpeg"))
            .First(File.Exists);
        var slow = readRate is { } rate ? "-readrate " + rate.ToString(CultureInfo.InvariantCulture) + " " : "";
        Path = folder.File("ffmpeg");
        File.WriteAllText(Path, $"""
            #!/bin/sh
            echo $$ >> '{Started}'
            exec '{real}' {slow}"$@"

            """);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The stand-in executable.</summary>
    public string Path { get; }

    private string Started => folder.File("started");

    /// <summary>The process ids of every ffmpeg started through the gate so far.</summary>
    public IReadOnlyList<int> StartedProcesses =>
        File.Exists(Started)
            ? File.ReadAllLines(Started).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList()
            : [];

    /// <summary>Waits until the product has started ffmpeg through the gate.</summary>
    public Task WaitUntilStartedAsync(TimeSpan timeout) =>
        Eventually.UntilAsync(() => StartedProcesses.Count > 0, timeout, () => "ffmpeg was never started through the gate");

    /// <summary>Freezes every ffmpeg started so far where it is (SIGSTOP): the encode is mid-way until killed.</summary>
    public void Pause() => Signal("-STOP");

    public void Dispose()
    {
        Signal("-KILL");
        folder.Dispose();
    }

    private void Signal(string signal)
    {
        var ids = StartedProcesses;
        if (ids.Count > 0)
        {
            // kill(1) reports the ones already gone; that is expected, not a failure.
            ProcessRun.Run("kill", [signal, .. ids.Select(id => id.ToString(CultureInfo.InvariantCulture))], TimeSpan.FromSeconds(30));
        }
    }
}
