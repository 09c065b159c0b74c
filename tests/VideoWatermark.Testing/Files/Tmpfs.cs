using VideoWatermark.Testing.Processes;

namespace VideoWatermark.Testing.Files;

/// <summary>
/// A small RAM-backed file system mounted on a folder of its own: a disk that really fills up. Mounting needs
/// root (the test machines run tests as root); where it is refused, the test fails saying so instead of passing blind.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    public static Tmpfs Mount(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        var (exit, output) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (exit != 0)
        {
            throw new InvalidOperationException(
                $"Could not mount a {megabytes} MB tmpfs on {path} (mount exited {exit}: {output.Trim()}). The disk-full tests need root, or CAP_SYS_ADMIN, to mount one.");
        }

        return new Tmpfs(path);
    }

    public void Dispose()
    {
        // Lazily, so a file still held open by a dying ffmpeg cannot keep the mount behind.
        Run("umount", "-l", Path);
    }

    private static (int Exit, string Output) Run(string file, params string[] args)
    {
        try
        {
            var result = ProcessRun.Run(file, args, TimeSpan.FromSeconds(30));
            return (result.ExitCode, result.StdErr + result.StdOut);
        }
        catch (InvalidOperationException e)
        {
            return (-1, $"{file} could not be started: {e.Message}");
        }
    }
}
