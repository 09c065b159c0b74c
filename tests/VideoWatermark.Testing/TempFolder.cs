namespace VideoWatermark.Testing;

/// <summary>
/// A folder of its own for one test, removed on dispose. Every folder lives under one folder per test host
/// (<see cref="RunRoot"/>), which goes when the host exits, so what a failed or killed test leaves behind
/// (and the shared clip cache) does not pile up in the system temp folder.
/// </summary>
public sealed class TempFolder : IDisposable
{
    private static readonly Lazy<string> Root = new(CreateRunRoot);

    public TempFolder(string prefix = "t")
    {
        Path = System.IO.Path.Combine(RunRoot, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>This test host's folder under the system temp folder.</summary>
    public static string RunRoot => Root.Value;

    public string Path { get; }

    /// <summary>A folder shared by the whole run (e.g. a cache of generated clips), created on first use.</summary>
    public static string Shared(string name)
    {
        var path = System.IO.Path.Combine(RunRoot, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string File(string name) => Combine(name);

    public void Dispose() => TryDelete(Path);

    private static string CreateRunRoot()
    {
        var root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vw-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        TryDelete(root);
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
