using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Storage.Tests;

/// <summary>No key, whoever sends it, reaches a file outside the data folder or the store's own bookkeeping.</summary>
public sealed class DiskKeyTests : IDisposable
{
    private readonly TempFolder outer = new("vw-keys");
    private readonly DiskObjectStore store;

    public DiskKeyTests()
    {
        store = new DiskObjectStore(new DiskStoreOptions { Root = Path.Combine(outer.Path, "data") }, []);
    }

    public static TheoryData<string> BadKeys() =>
    [
        "",
        "/etc/passwd",
        "../escaped.txt",
        "a/../../escaped.txt",
        "a/../b",
        "./a",
        "a/./b",
        "a\\..\\escaped.txt",
        "a//b",
        "a/",
        "/",
        "nul\0byte",
        "line\nbreak",
        "tab\there",
        "del\u007fete",
        ".tmp/x",
        ".meta/x.json",
        ".uploads/0123/upload.json",
        ".signing-key",
        new string('k', 1025),
        "ok/" + new string('é', 128) + ".mp4",
    ];

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Every_operation_rejects_the_key_and_writes_nothing(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream("evil"u8.ToArray()), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.HeadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UploadAsync(key, typeof(DiskKeyTests).Assembly.Location, "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DownloadAsync(key, outer.File("out")));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PresignUploadAsync(key, "video/mp4", 10, TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PresignDownloadAsync(key, "x", TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.StartMultipartUploadAsync(key, "video/mp4"));

        // Nothing appeared anywhere under the test's folder but the store's own empty bookkeeping.
        var files = Directory.EnumerateFiles(outer.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(outer.Path, f))
            .ToList();
        Assert.Equal([Path.Combine("data", ".signing-key")], files);
    }

    [Fact]
    public void The_message_says_what_is_wrong_on_one_line()
    {
        var error = Assert.Throws<ArgumentException>(() => DiskKeys.Validate("videos/../../etc/passwd"));

        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message.Split(" (Parameter")[0]);
    }

    [Theory]
    [InlineData("unprocessed-videos/clip.mp4")]
    [InlineData("a/b/c/d.json")]
    [InlineData("名前 with space/ü.mp4")]
    [InlineData(".hidden-but-allowed/x")]
    [InlineData("dots..in..names.mp4")]
    public void Ordinary_keys_are_accepted_and_map_inside_the_root(string key)
    {
        var path = store.PathOf(key);

        Assert.StartsWith(store.Root + Path.DirectorySeparatorChar, path, StringComparison.Ordinal);
        Assert.True(store.TryGetKey(path, out var back));
        Assert.Equal(key, back);
    }

    [Fact]
    public void TryGetKey_maps_only_object_files_inside_the_root()
    {
        Assert.True(store.TryGetKey(Path.Combine(store.Root, "unprocessed-videos", "a.mp4"), out var key));
        Assert.Equal("unprocessed-videos/a.mp4", key);

        Assert.False(store.TryGetKey(outer.File("elsewhere.mp4"), out _));
        Assert.False(store.TryGetKey(store.Root, out _));
        Assert.False(store.TryGetKey(Path.Combine(store.Root, ".tmp", "abc"), out _));
        Assert.False(store.TryGetKey(Path.Combine(store.Root, ".meta", "abc.json"), out _));
        Assert.False(store.TryGetKey(Path.Combine(store.Root, ".signing-key"), out _));
        Assert.False(store.TryGetKey(store.Root + "-sibling/x.mp4", out _));
    }

    [Fact]
    public async Task A_file_copied_in_by_hand_is_an_object_with_its_md5_and_a_guessed_type()
    {
        var path = store.PathOf("unprocessed-videos/by-hand.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, "hand made"u8.ToArray());

        var head = await store.HeadAsync("unprocessed-videos/by-hand.mp4");

        Assert.NotNull(head);
        Assert.Equal(9, head.Size);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("hand made"u8.ToArray())), head.ETag);
        Assert.Equal("video/mp4", head.ContentType);

        // Replaced by hand again: the ETag follows the content, not the old sidecar.
        await File.WriteAllBytesAsync(path, "made by hand, again"u8.ToArray());
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("made by hand, again"u8.ToArray())), (await store.HeadAsync("unprocessed-videos/by-hand.mp4"))!.ETag);
    }

    [Fact]
    public async Task Listing_never_shows_the_store_s_own_files()
    {
        await store.PutAsync("a.txt", new MemoryStream("a"u8.ToArray()), "text/plain");
        var uploadId = await store.StartMultipartUploadAsync("b.mp4", "video/mp4");
        await store.PutPartAsync("b.mp4", uploadId, 1, new MemoryStream("part"u8.ToArray()));

        var keys = new List<string>();
        await foreach (var info in store.ListAsync(""))
        {
            keys.Add(info.Key);
        }

        Assert.Equal(["a.txt"], keys);
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in store.ListAsync("../"))
            {
            }
        });
    }

    [Fact]
    public async Task An_object_and_a_folder_of_the_same_name_get_a_clear_error_and_keep_the_original()
    {
        await store.PutAsync("videos/a.mp4", new MemoryStream([1]), "video/mp4");

        var under = await Assert.ThrowsAsync<IOException>(() => store.PutAsync("videos/a.mp4/b.mp4", new MemoryStream([2]), "video/mp4"));
        var over = await Assert.ThrowsAsync<IOException>(() => store.PutAsync("videos", new MemoryStream([3]), "video/mp4"));

        Assert.Equal("Cannot store 'videos/a.mp4/b.mp4': 'videos/a.mp4' is an object, not a folder.", under.Message);
        Assert.Equal("Cannot store 'videos': the disk store already holds objects under 'videos/'.", over.Message);
        Assert.Equal(1, (await store.HeadAsync("videos/a.mp4"))!.Size);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, ".tmp")));
    }

    public void Dispose() => outer.Dispose();
}
