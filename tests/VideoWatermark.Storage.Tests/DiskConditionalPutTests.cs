using System.Text;
using VideoWatermark.Core.Jobs;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>If-None-Match / If-Match semantics of the disk store, which the job records rely on.</summary>
public sealed class DiskConditionalPutTests : IDisposable
{
    private readonly TempFolder data = new("vw-cond");
    private readonly RecordingListener events = new();
    private readonly DiskObjectStore store;

    public DiskConditionalPutTests()
    {
        store = new DiskObjectStore(new DiskStoreOptions { Root = data.Path }, [events]);
    }

    [Fact]
    public async Task Must_not_exist_creates_once_and_then_refuses_without_touching_the_object()
    {
        Assert.True(await store.PutAsync("jobs/a.json", Body("first"), "application/json", PutCondition.MustNotExist));
        Assert.False(await store.PutAsync("jobs/a.json", Body("second"), "application/json", PutCondition.MustNotExist));

        Assert.Equal("first", await ReadAsync("jobs/a.json"));
        Assert.Single(events.For("jobs/a.json"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(data.Path, ".tmp")));
    }

    [Fact]
    public async Task Must_match_writes_only_over_the_version_that_was_read()
    {
        await store.PutAsync("jobs/b.json", Body("v1"), "application/json");
        var v1 = (await store.HeadAsync("jobs/b.json"))!.ETag!;

        Assert.True(await store.PutAsync("jobs/b.json", Body("v2"), "application/json", PutCondition.MustMatch(v1)));
        Assert.False(await store.PutAsync("jobs/b.json", Body("lost update"), "application/json", PutCondition.MustMatch(v1)));
        var v2 = (await store.HeadAsync("jobs/b.json"))!.ETag!;
        Assert.True(await store.PutAsync("jobs/b.json", Body("v3"), "application/json", PutCondition.MustMatch($"\"{v2}\"")));
        Assert.False(await store.PutAsync("jobs/missing.json", Body("x"), "application/json", PutCondition.MustMatch(v2)));

        Assert.Equal("v3", await ReadAsync("jobs/b.json"));
        Assert.Null(await store.HeadAsync("jobs/missing.json"));
    }

    [Fact]
    public async Task Of_concurrent_creators_exactly_one_wins()
    {
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (i, won: await store.PutAsync("jobs/race.json", Body($"writer {i}"), "application/json", PutCondition.MustNotExist));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r.won);
        Assert.Equal($"writer {winner.i}", await ReadAsync("jobs/race.json"));
        Assert.Single(events.For("jobs/race.json"));
    }

    [Fact]
    public async Task Of_concurrent_updaters_of_one_version_exactly_one_wins()
    {
        await store.PutAsync("jobs/c.json", Body("base"), "application/json");
        var etag = (await store.HeadAsync("jobs/c.json"))!.ETag!;
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (i, won: await store.PutAsync("jobs/c.json", Body($"update {i}"), "application/json", PutCondition.MustMatch(etag)));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writers);

        var winner = Assert.Single(results, r => r.won);
        Assert.Equal($"update {winner.i}", await ReadAsync("jobs/c.json"));
    }

    [Fact]
    public async Task Job_records_lose_no_update_when_writers_race()
    {
        var jobs = new JobStore(store, TimeProvider.System);
        var id = JobIds.New();
        Assert.True(await jobs.TryCreateAsync(new Job { Id = id, InputKey = "unprocessed-videos/a.mp4", OutputKey = "watermark-a.mp4" }));
        Assert.False(await jobs.TryCreateAsync(new Job { Id = id, InputKey = "unprocessed-videos/b.mp4", OutputKey = "watermark-b.mp4" }));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => jobs.UpdateAsync(id, j => j with { Attempts = j.Attempts + 1 }))));

        var stored = await jobs.GetAsync(id);
        Assert.Equal(4, stored!.Attempts);
        Assert.Equal("unprocessed-videos/a.mp4", stored.InputKey);
    }

    public void Dispose() => data.Dispose();

    private static MemoryStream Body(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> ReadAsync(string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
