using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using VideoWatermark.Core.Storage;
using VideoWatermark.Storage.Disk;
using VideoWatermark.Testing.Storage;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>Every completed write of the disk store raises one ObjectCreated, as S3 would; nothing else does.</summary>
public sealed class DiskListenerTests(EmbeddedStorageHost host) : IClassFixture<EmbeddedStorageHost>
{
    private readonly string prefix = $"unprocessed-videos/{Guid.NewGuid():N}/";

    [Fact]
    public async Task Put_upload_signed_put_and_multipart_complete_each_raise_one_event_with_key_size_and_etag()
    {
        using var temp = new TempFolder();
        var file = temp.File("f.mp4");
        await File.WriteAllBytesAsync(file, PatternStream.Bytes(2000, 3));
        var body = PatternStream.Bytes(1000, 5);

        await host.Store.PutAsync(prefix + "put.mp4", new MemoryStream(body), "video/mp4");
        await host.Store.UploadAsync(prefix + "upload.mp4", file, "video/mp4");
        var signed = await host.Store.PresignUploadAsync(prefix + "signed.mp4", "video/mp4", 5000, TimeSpan.FromMinutes(1));
        using (var content = new ByteArrayContent(PatternStream.Bytes(3000, 7)))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            using var response = await host.Http.PutAsync(signed.Url, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var uploadId = await host.Store.StartMultipartUploadAsync(prefix + "multi.mp4", "video/mp4");
        var e1 = await host.Store.PutPartAsync(prefix + "multi.mp4", uploadId, 1, new MemoryStream(PatternStream.Bytes(1500, 1)));
        var e2 = await host.Store.PutPartAsync(prefix + "multi.mp4", uploadId, 2, new MemoryStream(PatternStream.Bytes(500, 2)));
        Assert.Empty(host.Events.For(prefix + "multi.mp4"));
        await host.Store.CompleteMultipartUploadAsync(prefix + "multi.mp4", uploadId, [new(1, e1), new(2, e2)]);

        var expected = new Dictionary<string, long>
        {
            [prefix + "put.mp4"] = 1000,
            [prefix + "upload.mp4"] = 2000,
            [prefix + "signed.mp4"] = 3000,
            [prefix + "multi.mp4"] = 2000,
        };
        foreach (var (key, size) in expected)
        {
            var created = Assert.Single(host.Events.For(key));
            Assert.Equal("local", created.Bucket);
            Assert.Equal(size, created.Size);
            Assert.Equal((await host.Store.HeadAsync(key))!.ETag, created.ETag);
            Assert.False(string.IsNullOrEmpty(created.Sequencer));
        }

        var multi = Assert.Single(host.Events.For(prefix + "multi.mp4"));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData([.. PatternStream.Bytes(1500, 1), .. PatternStream.Bytes(500, 2)])), multi.ETag);
    }

    [Fact]
    public async Task Rewriting_a_key_raises_a_new_event_with_a_new_sequencer()
    {
        var key = prefix + "again.mp4";
        await host.Store.PutAsync(key, new MemoryStream([1]), "video/mp4");
        await host.Store.PutAsync(key, new MemoryStream([1]), "video/mp4");

        var events = host.Events.For(key).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(events[0].ETag, events[1].ETag);
        Assert.True(string.CompareOrdinal(events[0].Sequencer, events[1].Sequencer) < 0, "sequencers grow per write");
    }

    [Fact]
    public async Task Deletes_refused_conditions_and_aborted_uploads_raise_nothing()
    {
        var key = prefix + "quiet.mp4";
        await host.Store.PutAsync(key, new MemoryStream([1]), "video/mp4");
        await host.Store.PutAsync(key, new MemoryStream([2]), "video/mp4", PutCondition.MustNotExist);
        await host.Store.PutAsync(key, new MemoryStream([3]), "video/mp4", PutCondition.MustMatch("0000"));
        await host.Store.DeleteAsync(key);
        var uploadId = await host.Store.StartMultipartUploadAsync(key, "video/mp4");
        await host.Store.PutPartAsync(key, uploadId, 1, new MemoryStream([4]));
        await host.Store.AbortMultipartUploadAsync(key, uploadId);

        Assert.Single(host.Events.For(key));
    }

    [Fact]
    public async Task A_failing_listener_does_not_fail_or_undo_the_write()
    {
        using var data = new TempFolder("vw-listen");
        var after = new RecordingListener();
        var store = new DiskObjectStore(new DiskStoreOptions { Root = data.Path }, [new ThrowingListener(), after]);

        Assert.True(await store.PutAsync("unprocessed-videos/x.mp4", new MemoryStream([1, 2]), "video/mp4"));

        Assert.Equal(2, (await store.HeadAsync("unprocessed-videos/x.mp4"))!.Size);
        Assert.Single(after.Created);
    }

    private sealed class ThrowingListener : IObjectCreatedListener
    {
        public ValueTask OnObjectCreatedAsync(ObjectCreated created, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("listener broke");
    }
}
