using System.Collections.Concurrent;
using Xunit;

namespace VideoWatermark.Testing.Files;

/// <summary>
/// Records every file of one name created under the folders it watches, including one deleted again before the test
/// looks: a job's work folder, where a command smuggled in through a file name would run, is gone when the job ends.
/// </summary>
public sealed class CreatedFileWatch : IDisposable
{
    private readonly string name;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly ConcurrentQueue<string> created = new();
    private readonly ConcurrentQueue<string> missed = new();

    public CreatedFileWatch(string name) => this.name = name;

    /// <summary>Watches <paramref name="folder"/> (created when missing), and every folder made under it when <paramref name="subfolders"/>.</summary>
    public CreatedFileWatch Watch(string folder, bool subfolders = true)
    {
        Directory.CreateDirectory(folder);
        var watcher = new FileSystemWatcher(folder, name)
        {
            IncludeSubdirectories = subfolders,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, e) => created.Enqueue(e.FullPath);
        watcher.Renamed += (_, e) => created.Enqueue(e.FullPath);
        watcher.Error += (_, e) => missed.Enqueue(e.GetException().Message);
        watcher.EnableRaisingEvents = true;
        watchers.Add(watcher);

        // One made before the watch started counts too.
        foreach (var existing in Directory.EnumerateFiles(folder, name, subfolders ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly))
        {
            created.Enqueue(existing);
        }

        return this;
    }

    /// <summary>Fails naming each file of that name that appeared, or when the watch may have missed one.</summary>
    public void AssertNoneCreated()
    {
        Assert.True(missed.IsEmpty, $"the watch for '{name}' lost events, so it proves nothing: {string.Join("; ", missed)}");
        Assert.True(created.IsEmpty, $"'{name}' was created: {string.Join(", ", created.Distinct())}");
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }
}
