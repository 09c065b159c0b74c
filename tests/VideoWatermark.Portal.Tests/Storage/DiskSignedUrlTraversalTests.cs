using System.Text;
using VideoWatermark.Storage.Disk;

namespace VideoWatermark.Portal.Tests.Storage;

/// <summary>
/// Hostile paths and keys on the disk store's URLs: whatever the request-target or a signed grant names, nothing is
/// read from or written outside one object, and the answer is a refusal (400 or 403), never a file or a server error.
/// </summary>
public sealed class DiskSignedUrlTraversalTests(EmbeddedStorageHost host) : IClassFixture<EmbeddedStorageHost>
{
    private const string Secret = "the-original-that-must-stay-as-it-is";

    public static TheoryData<string> TraversingTargets => new()
    {
        "/storage/blobs/../.signing-key",
        "/storage/blobs/%2e%2e/.signing-key",
        "/storage/blobs/%2E%2E%2F.signing-key",
        "/storage/blobs/..%2f..%2fsecret.txt",
        "/storage/blobs/..%5c..%5csecret.txt",
        "/storage/blobs/..\\..\\secret.txt",
        "/storage/blobs//etc/passwd",
        "/storage/blobs/%2fetc%2fpasswd",
        "/storage/blobs/C:%5cWindows%5cwin.ini",
        "/storage/blobs/secret.txt%00.mp4",
        "/storage/blobs/a/b/c",
        "/storage/.signing-key",
        "/storage/" + new string('a', 6000),
        "/storage/blobs/" + new string('A', 6000) + "." + new string('B', 43),
    };

    [Theory]
    [MemberData(nameof(TraversingTargets))]
    public async Task A_traversing_path_is_refused_and_reads_or_writes_nothing(string target)
    {
        await SeedSecretAsync();
        var before = Snapshot();

        foreach (var method in new[] { "GET", "PUT", "POST", "DELETE" })
        {
            var (status, response) = await RawHttp.SendAsync(host.BaseAddress, method, target, Encoding.UTF8.GetBytes("overwritten?"), "video/mp4");

            Assert.True(status is 400 or 403, $"{method} {Shorten(target)} answered {status}:\n{Shorten(response)}");
            Assert.DoesNotContain(Secret, response, StringComparison.Ordinal);
            Assert.DoesNotContain(SigningKey(), response, StringComparison.Ordinal);
        }

        Assert.Equal(before, Snapshot());
    }

    public static TheoryData<string> BadKeys => new()
    {
        "../outside.mp4",
        "a/../../outside.mp4",
        "/etc/outside.mp4",
        "a\\..\\..\\outside.mp4",
        ".tmp/planted",
        ".meta/secret.txt.json",
        ".signing-key",
        "a\0b.mp4",
        new string('x', 300) + ".mp4",
    };

    /// <summary>Only a leaked signing key could produce such a grant; even then it opens nothing.</summary>
    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_validly_signed_grant_naming_a_key_outside_the_store_gets_400_and_touches_nothing(string key)
    {
        await SeedSecretAsync();
        var before = Snapshot();
        var signer = new BlobTokenSigner(Convert.FromBase64String(SigningKey()), TimeProvider.System);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var put = Url(signer.Sign(new BlobGrant("PUT", key, expires, ContentType: "video/mp4", MaxLength: 100)));
        var get = Url(signer.Sign(new BlobGrant("GET", key, expires)));
        var part = Url(signer.Sign(new BlobGrant("PUT", "ok.mp4", expires, MaxLength: 100, UploadId: "../../" + new string('a', 26), PartNumber: 1)));

        using var putResponse = await host.Http.PutAsync(put, Body());
        using var getResponse = await host.Http.GetAsync(get);
        using var partResponse = await host.Http.PutAsync(part, Body());

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, putResponse.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, getResponse.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, partResponse.StatusCode);
        Assert.StartsWith("Bad request: the URL names no valid object", await putResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(host.DataDir)!, "outside.mp4")));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task A_signed_upload_url_used_with_another_method_is_refused_and_writes_nothing(string method)
    {
        var key = $"method/{Guid.NewGuid():N}.mp4";
        var upload = await host.Store.PresignUploadAsync(key, "video/mp4", 100, TimeSpan.FromMinutes(5));
        var before = Snapshot();

        var (status, _) = await RawHttp.SendAsync(host.BaseAddress, method, upload.Url.OriginalString, new byte[10], "video/mp4");

        Assert.True(status is 400 or 403 or 405, $"{method} answered {status}");
        Assert.Equal(before, Snapshot());
        Assert.Null(await host.Store.HeadAsync(key));
    }

    private async Task SeedSecretAsync() =>
        await host.Store.PutAsync("secret.txt", new MemoryStream(Encoding.UTF8.GetBytes(Secret)), "text/plain");

    private string SigningKey() => File.ReadAllText(Path.Combine(host.DataDir, ".signing-key")).Trim();

    /// <summary>Every file under the data folder and its parent (where an escape would land), with size and time.</summary>
    private string Snapshot()
    {
        var parent = Path.GetDirectoryName(host.DataDir)!;
        var outside = Directory.EnumerateFiles(parent).Where(f => Path.GetFileName(f).Contains("outside", StringComparison.Ordinal));
        var files = Directory.EnumerateFiles(host.DataDir, "*", SearchOption.AllDirectories).Concat(outside)
            .Select(f => new FileInfo(f))
            .Select(f => $"{f.FullName} {f.Length} {f.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal);
        return string.Join('\n', files);
    }

    private static ByteArrayContent Body()
    {
        var content = new ByteArrayContent(new byte[10]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("video/mp4");
        return content;
    }

    private static Uri Url(string token) => new("/storage/blobs/" + token, UriKind.Relative);

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
