using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using VideoWatermark.Core;
using VideoWatermark.Core.Storage;
using Xunit;

namespace VideoWatermark.Testing.Storage;

/// <summary>
/// What every <see cref="IObjectStore"/> must do, run against each adapter over a real server: the disk store behind
/// Kestrel, the S3 store against s3rver.
/// </summary>
public abstract class ObjectStoreContract
{
    protected const int MiB = 1024 * 1024;

    /// <summary>Sizes that need three parts of 5 MiB.</summary>
    protected const long LargeSize = 11 * 1000 * 1000;

    protected abstract IObjectStore Store { get; }

    /// <summary>Sends presigned requests; relative URLs resolve against its base address.</summary>
    protected abstract HttpClient Http { get; }

    /// <summary>
    /// Whether the server sets the headers a presigned GET asks for (<c>response-content-disposition</c>). S3, s3rver
    /// and the embedded store do; moto's S3 server ignores them, so there the URL itself is checked to ask for them.
    /// </summary>
    protected virtual bool AppliesResponseOverrides => true;

    /// <summary>Whether the server answers S3's ListParts. s3rver does not: there the adapter must say so.</summary>
    protected virtual bool ListsParts => true;

    /// <summary>A fresh folder-like prefix per test, so tests never see each other's objects.</summary>
    protected string Prefix { get; } = $"contract/{Guid.NewGuid():N}/";

    [Fact]
    public async Task Small_object_round_trips_byte_exact_with_size_type_and_md5_etag()
    {
        var bytes = PatternStream.Bytes(70_001, seed: 7);
        var key = Prefix + "small.bin";

        Assert.True(await Store.PutAsync(key, new MemoryStream(bytes), "application/x-test"));

        var head = await Store.HeadAsync(key);
        Assert.NotNull(head);
        Assert.Equal(bytes.Length, head.Size);
        Assert.Equal("application/x-test", head.ContentType);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), head.ETag);
        Assert.Equal(bytes, await ReadAllAsync(key));
    }

    [Fact]
    public async Task Large_file_upload_goes_in_parts_and_downloads_byte_exact()
    {
        using var temp = new TempFolder();
        var source = temp.File("source.bin");
        await using (var file = File.Create(source))
        {
            await new PatternStream(LargeSize, seed: 11).CopyToAsync(file);
        }

        var key = Prefix + "large.bin";
        await Store.UploadAsync(key, source, "video/mp4");

        var target = temp.File("nested/target.bin");
        await Store.DownloadAsync(key, target);
        Assert.Equal(PatternStream.Sha256(LargeSize, seed: 11), Sha256(target));
        Assert.Equal(LargeSize, (await Store.HeadAsync(key))!.Size);
    }

    [Fact]
    public async Task Non_seekable_stream_of_several_parts_is_stored_byte_exact()
    {
        var key = Prefix + "streamed.bin";
        await using (var source = new PatternStream(LargeSize, seed: 13))
        {
            Assert.True(await Store.PutAsync(key, source, "application/octet-stream"));
        }

        await using var read = await Store.OpenReadAsync(key);
        Assert.Equal(PatternStream.Sha256(LargeSize, seed: 13), Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));
    }

    [Fact]
    public async Task Download_replaces_an_existing_local_file()
    {
        using var temp = new TempFolder();
        var target = temp.File("out.bin");
        await File.WriteAllTextAsync(target, "old content that is longer than the new one, to catch a missing truncate");
        var key = Prefix + "replace.txt";
        await Store.PutAsync(key, new MemoryStream("new"u8.ToArray()), "text/plain");

        await Store.DownloadAsync(key, target);

        Assert.Equal("new", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task Put_over_an_object_replaces_it()
    {
        var key = Prefix + "twice.txt";
        await Store.PutAsync(key, new MemoryStream("first version"u8.ToArray()), "text/plain");
        await Store.PutAsync(key, new MemoryStream("second"u8.ToArray()), "text/plain");

        Assert.Equal("second"u8.ToArray(), await ReadAllAsync(key));
        Assert.Equal(6, (await Store.HeadAsync(key))!.Size);
    }

    [Fact]
    public async Task List_gives_the_prefix_in_key_order_and_delete_removes()
    {
        string[] keys = [Prefix + "b/2.txt", Prefix + "a.txt", Prefix + "b/1.txt", Prefix + "c"];
        foreach (var key in keys)
        {
            await Store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(key)), "text/plain");
        }

        await Store.PutAsync(Prefix.TrimEnd('/') + "-other/x.txt", new MemoryStream("x"u8.ToArray()), "text/plain");

        var listed = await ListAsync(Prefix);
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed.Select(o => o.Key));
        Assert.All(listed, o => Assert.Equal(Encoding.UTF8.GetByteCount(o.Key), o.Size));
        Assert.Equal([Prefix + "b/1.txt", Prefix + "b/2.txt"], (await ListAsync(Prefix + "b/")).Select(o => o.Key));
        Assert.Equal([Prefix + "b/1.txt", Prefix + "b/2.txt"], (await ListAsync(Prefix + "b")).Select(o => o.Key));

        Assert.True(await Store.DeleteAsync(Prefix + "b/1.txt"));
        Assert.False(await Store.DeleteAsync(Prefix + "b/1.txt"));
        Assert.Null(await Store.HeadAsync(Prefix + "b/1.txt"));
        Assert.Equal([Prefix + "a.txt", Prefix + "b/2.txt", Prefix + "c"], (await ListAsync(Prefix)).Select(o => o.Key));
    }

    [Fact]
    public async Task Missing_objects_read_as_not_found()
    {
        var key = Prefix + "missing.mp4";
        using var temp = new TempFolder();

        Assert.Null(await Store.HeadAsync(key));
        var open = await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.OpenReadAsync(key));
        Assert.Equal(key, open.Key);
        await Assert.ThrowsAsync<ObjectNotFoundException>(() => Store.DownloadAsync(key, temp.File("x")));
        Assert.False(File.Exists(temp.File("x")));
        Assert.False(await Store.DeleteAsync(key));
        Assert.Empty(await ListAsync(Prefix));
    }

    [Fact]
    public async Task Presigned_put_uploads_what_the_browser_sends()
    {
        var key = ObjectKeys.UnprocessedPrefix + Prefix + "upload.mp4";
        var bytes = PatternStream.Bytes(300_000, seed: 17);
        var request = await Store.PresignUploadAsync(key, "video/mp4", bytes.Length, TimeSpan.FromMinutes(5));

        Assert.Equal("PUT", request.Method);
        Assert.Equal("video/mp4", request.Headers["Content-Type"]);
        using var response = await SendAsync(request, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), response.Headers.ETag!.Tag.Trim('"'));
        Assert.Equal(bytes, await ReadAllAsync(key));
        Assert.Equal("video/mp4", (await Store.HeadAsync(key))!.ContentType);
    }

    [Fact]
    public async Task Presigned_get_downloads_with_the_file_name_in_content_disposition()
    {
        var key = Prefix + "clip.mp4";
        var bytes = PatternStream.Bytes(50_000, seed: 19);
        await Store.PutAsync(key, new MemoryStream(bytes), "video/mp4");

        var url = await Store.PresignDownloadAsync(key, "watermark-Ünïcode clip.mp4", TimeSpan.FromMinutes(5));
        using var response = await Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        if (!AppliesResponseOverrides)
        {
            Assert.Contains("response-content-disposition=attachment", url.Query, StringComparison.Ordinal);
            return;
        }

        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(
            "attachment; filename=\"watermark-_n_code clip.mp4\"; filename*=UTF-8''watermark-%C3%9Cn%C3%AFcode%20clip.mp4",
            Assert.Single(response.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal("watermark-Ünïcode clip.mp4", disposition.FileNameStar);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);

        var inline = await Store.PresignDownloadAsync(key, "clip.mp4", TimeSpan.FromMinutes(5), inline: true);
        using var played = await Http.GetAsync(inline);
        Assert.Equal("inline", played.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(bytes, await played.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Presigned_get_serves_byte_ranges_for_seeking_players()
    {
        var key = Prefix + "seek.mp4";
        var bytes = PatternStream.Bytes(100_000, seed: 23);
        await Store.PutAsync(key, new MemoryStream(bytes), "video/mp4");
        var url = await Store.PresignDownloadAsync(key, "seek.mp4", TimeSpan.FromMinutes(5), inline: true);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(bytes[1000..2000], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Browser_multipart_flow_with_presigned_parts_assembles_byte_exact()
    {
        var key = ObjectKeys.UnprocessedPrefix + Prefix + "multi part.mp4";
        var bytes = PatternStream.Bytes((int)LargeSize, seed: 29);
        var uploadId = await Store.StartMultipartUploadAsync(key, "video/mp4");

        var parts = new List<UploadedPart>();
        for (int offset = 0, number = 1; offset < bytes.Length; offset += 5 * MiB, number++)
        {
            var slice = bytes[offset..Math.Min(bytes.Length, offset + (5 * MiB))];
            var request = await Store.PresignUploadPartAsync(key, uploadId, number, TimeSpan.FromMinutes(5));
            using var response = await SendAsync(request, slice);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            parts.Add(new UploadedPart(number, response.Headers.ETag!.Tag));
        }

        Assert.Equal(3, parts.Count);
        Assert.Null(await Store.HeadAsync(key));
        await Store.CompleteMultipartUploadAsync(key, uploadId, parts);

        Assert.Equal(bytes, await ReadAllAsync(key));
        Assert.Equal("video/mp4", (await Store.HeadAsync(key))!.ContentType);
    }

    [Fact]
    public async Task Aborted_multipart_upload_leaves_no_object()
    {
        var key = Prefix + "aborted.mp4";
        var uploadId = await Store.StartMultipartUploadAsync(key, "video/mp4");
        var request = await Store.PresignUploadPartAsync(key, uploadId, 1, TimeSpan.FromMinutes(5));
        using (var response = await SendAsync(request, PatternStream.Bytes(1000)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Store.AbortMultipartUploadAsync(key, uploadId);

        Assert.Null(await Store.HeadAsync(key));
        Assert.Empty(await ListAsync(Prefix));
    }

    [Fact]
    public async Task Listing_an_open_uploads_parts_names_each_part_sent_with_its_etag_and_size_and_none_once_aborted()
    {
        var key = Prefix + "interrupted.mp4";
        var uploadId = await Store.StartMultipartUploadAsync(key, "video/mp4");
        if (!ListsParts)
        {
            await Assert.ThrowsAsync<NotSupportedException>(() => Store.ListPartsAsync(key, uploadId));
            await Store.AbortMultipartUploadAsync(key, uploadId);
            return;
        }

        Assert.Empty((await Store.ListPartsAsync(key, uploadId))!);

        // Parts 3 and 1 arrive, part 2 never does: the listing says which, in part order, as the browser resumes.
        var sent = new List<StoredPart>();
        foreach (var (number, length) in new[] { (3, 1000), (1, 5 * MiB) })
        {
            var request = await Store.PresignUploadPartAsync(key, uploadId, number, TimeSpan.FromMinutes(5));
            using var response = await SendAsync(request, PatternStream.Bytes(length, seed: (uint)number));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.Add(new StoredPart(number, response.Headers.ETag!.Tag.Trim('"'), length));
        }

        Assert.Equal(sent.OrderBy(p => p.PartNumber), (await Store.ListPartsAsync(key, uploadId))!);

        await Store.AbortMultipartUploadAsync(key, uploadId);
        Assert.Null(await Store.ListPartsAsync(key, uploadId));
    }

    [Theory]
    [InlineData("unprocessed-videos/ümlaut clip ☃.mp4")]
    [InlineData("watermarks/logo with spaces (1).png")]
    [InlineData("jobs/日本語/ファイル.json")]
    [InlineData("odd/a+b=c&d;e,f'g.mp4")]
    public async Task Keys_with_spaces_and_non_ascii_work_everywhere(string name)
    {
        var key = Prefix + name;
        var bytes = Encoding.UTF8.GetBytes(name);

        await Store.PutAsync(key, new MemoryStream(bytes), "application/octet-stream");

        Assert.Equal(bytes, await ReadAllAsync(key));
        Assert.Equal([key], (await ListAsync(Prefix)).Select(o => o.Key));
        using var response = await Http.GetAsync(await Store.PresignDownloadAsync(key, ObjectKeys.FileName(key), TimeSpan.FromMinutes(1)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AppliesResponseOverrides ? ObjectKeys.FileName(key) : null, response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());

        var upload = await Store.PresignUploadAsync(key, "text/plain", 100, TimeSpan.FromMinutes(1));
        using var put = await SendAsync(upload, "replaced"u8.ToArray());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("replaced"u8.ToArray(), await ReadAllAsync(key));
        Assert.True(await Store.DeleteAsync(key));
    }

    protected async Task<HttpResponseMessage> SendAsync(PresignedRequest request, byte[] body)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await Http.SendAsync(message);
    }

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    protected async Task<List<ObjectInfo>> ListAsync(string prefix)
    {
        var list = new List<ObjectInfo>();
        await foreach (var info in Store.ListAsync(prefix))
        {
            list.Add(info);
        }

        return list;
    }

    protected static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
