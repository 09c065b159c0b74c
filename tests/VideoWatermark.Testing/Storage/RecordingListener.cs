using System.Collections.Concurrent;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Testing.Storage;

/// <summary>Keeps every ObjectCreated a store announces, for tests that check what was heard and when.</summary>
public sealed class RecordingListener : IObjectCreatedListener
{
    public ConcurrentQueue<ObjectCreated> Created { get; } = new();

    public IEnumerable<ObjectCreated> For(string key) => Created.Where(c => c.Key == key);

    public ValueTask OnObjectCreatedAsync(ObjectCreated created, CancellationToken cancellationToken = default)
    {
        Created.Enqueue(created);
        return ValueTask.CompletedTask;
    }
}
