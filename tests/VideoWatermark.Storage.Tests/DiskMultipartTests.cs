using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Storage.Tests;

/// <summary>Completing a disk multipart upload assembles exactly the parts named, or nothing.</summary>
public sealed class DiskMultipartTests : IDisposable
{
    private readonly TempFolder data = new("vw-multi");
    private readonly RecordingListener events = new();
    private readonly DiskObjectStore store;

    public DiskMultipartTests()
    {
        store = new DiskObjectStore(new DiskStoreOptions { Root = data.Path }, [events]);
    }

    [Fact]
    public async Task Parts_sent_out_of_order_are_assembled_in_part_order()
    {
        var id = await store.StartMultipartUploadAsync("v.mp4", "video/mp4");
        var e3 = await store.PutPartAsync("v.mp4", id, 3, new MemoryStream("CC"u8.ToArray()));
        var e1 = await store.PutPartAsync("v.mp4", id, 1, new MemoryStream("AA"u8.ToArray()));
        var e2 = await store.PutPartAsync("v.mp4", id, 2, new MemoryStream("BB"u8.ToArray()));

        await store.CompleteMultipartUploadAsync("v.mp4", id, [new(1, e1), new(2, $"\"{e2}\""), new(3, e3)]);

        await using var read = await store.OpenReadAsync("v.mp4");
        Assert.Equal("AABBCC", await new StreamReader(read).ReadToEndAsync());
        Assert.False(Directory.Exists(Path.Combine(data.Path, ".uploads", id)));
    }

    [Fact]
    public async Task A_wrong_etag_a_missing_part_or_a_bad_order_completes_nothing_and_keeps_the_parts()
    {
        var id = await store.StartMultipartUploadAsync("w.mp4", "video/mp4");
        var e1 = await store.PutPartAsync("w.mp4", id, 1, new MemoryStream([1]));
        var e2 = await store.PutPartAsync("w.mp4", id, 2, new MemoryStream([2]));

        await Assert.ThrowsAsync<ArgumentException>(() => store.CompleteMultipartUploadAsync("w.mp4", id, [new(1, e1), new(2, e1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CompleteMultipartUploadAsync("w.mp4", id, [new(1, e1), new(2, e2), new(3, e2)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CompleteMultipartUploadAsync("w.mp4", id, [new(2, e2), new(1, e1)]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CompleteMultipartUploadAsync("w.mp4", id, []));

        Assert.Null(await store.HeadAsync("w.mp4"));
        Assert.Empty(events.Created);
        // The upload is still open: the right list completes it.
        await store.CompleteMultipartUploadAsync("w.mp4", id, [new(1, e1), new(2, e2)]);
        Assert.Equal(2, (await store.HeadAsync("w.mp4"))!.Size);
    }

    [Fact]
    public async Task An_upload_belongs_to_its_key_and_ends_when_completed()
    {
        var id = await store.StartMultipartUploadAsync("x.mp4", "video/mp4");
        var e1 = await store.PutPartAsync("x.mp4", id, 1, new MemoryStream([1]));

        await Assert.ThrowsAsync<MultipartUploadNotFoundException>(() => store.PutPartAsync("other.mp4", id, 1, new MemoryStream([1])));
        await Assert.ThrowsAsync<MultipartUploadNotFoundException>(() => store.PresignUploadPartAsync("other.mp4", id, 1, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutPartAsync("x.mp4", "../../etc", 1, new MemoryStream([1])));
        await store.CompleteMultipartUploadAsync("x.mp4", id, [new(1, e1)]);

        await Assert.ThrowsAsync<MultipartUploadNotFoundException>(() => store.CompleteMultipartUploadAsync("x.mp4", id, [new(1, e1)]));
        Assert.Single(events.Created);
    }

    public void Dispose() => data.Dispose();
}
