using System.Globalization;
using System.IO.Pipelines;
using System.Security.Cryptography;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// Multipart uploads of the disk store, for browsers sending a large file in parts: each part is kept under
/// <c>.uploads/&lt;id&gt;/</c> with its MD5, and completing concatenates them in part order once every ETag matches.
/// </summary>
public sealed partial class DiskObjectStore
{
    public Task<string> StartMultipartUploadAsync(string key, string contentType, CancellationToken cancellationToken = default)
    {
        DiskKeys.Validate(key);
        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = UploadFolder(uploadId);
        Directory.CreateDirectory(folder);
        new PendingUpload(key, contentType).Write(folder);
        return Task.FromResult(uploadId);
    }

    public Task<PresignedRequest> PresignUploadPartAsync(string key, string uploadId, int partNumber, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        RequireUpload(key, uploadId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, 10_000);
        var expires = Expiry(lifetime);
        var token = Signer.Sign(new BlobGrant("PUT", key, expires.ToUnixTimeSeconds(), MaxLength: MaxPartLength, UploadId: uploadId, PartNumber: partNumber));
        return Task.FromResult(new PresignedRequest(BlobUrl(token), "PUT", new Dictionary<string, string>(), expires));
    }

    /// <summary>Stores one part of a multipart upload; returns its ETag (hex MD5).</summary>
    public Task<string> PutPartAsync(string key, string uploadId, int partNumber, Stream content, long? maxLength = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutPartAsync(key, uploadId, partNumber, maxLength, max => StagedFile.WriteAsync(tempFolder, content, max, cancellationToken), cancellationToken);
    }

    /// <summary>Stores one part read from a request body's own buffers (no copy buffer per upload); returns its ETag (hex MD5).</summary>
    public Task<string> PutPartAsync(string key, string uploadId, int partNumber, PipeReader content, long? maxLength = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return PutPartAsync(key, uploadId, partNumber, maxLength, max => StagedFile.WriteAsync(tempFolder, content, max, cancellationToken), cancellationToken);
    }

    private async Task<string> PutPartAsync(string key, string uploadId, int partNumber, long? maxLength, Func<long, Task<StagedFile>> stage, CancellationToken cancellationToken)
    {
        var folder = RequireUpload(key, uploadId);
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, 10_000);
        using var staged = await stage(maxLength ?? MaxPartLength);
        var part = PartPath(folder, partNumber);
        await File.WriteAllTextAsync(part + ".etag", staged.Md5, cancellationToken);
        File.Move(staged.Path, part, overwrite: true);
        return staged.Md5;
    }

    public async Task CompleteMultipartUploadAsync(string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken = default)
    {
        var folder = RequireUpload(key, uploadId);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A multipart upload needs at least one part.", nameof(parts));
        }

        var pending = PendingUpload.Read(folder)!;
        var files = new List<string>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (i > 0 && part.PartNumber <= parts[i - 1].PartNumber)
            {
                throw new ArgumentException("Parts must be listed in ascending part-number order.", nameof(parts));
            }

            var file = PartPath(folder, part.PartNumber);
            var stored = File.Exists(file + ".etag") ? await File.ReadAllTextAsync(file + ".etag", cancellationToken) : null;
            if (!File.Exists(file) || !ETags.Same(stored, part.ETag))
            {
                throw new ArgumentException($"Part {part.PartNumber} of upload {uploadId} is missing or its ETag does not match.", nameof(parts));
            }

            files.Add(file);
        }

        var path = PathOf(key);
        ObjectCreated? created;
        using (var staged = await StagedFile.WriteAsync(tempFolder, files.Select(f => (Func<Task<Stream>>)(() => Task.FromResult<Stream>(OpenShared(f, bufferSize: 0)))), null, cancellationToken))
        {
            created = await CommitAsync(key, path, staged, pending.ContentType, null, cancellationToken);
        }

        Directory.Delete(folder, recursive: true);
        await RaiseAsync(created!, CancellationToken.None);
    }

    public Task AbortMultipartUploadAsync(string key, string uploadId, CancellationToken cancellationToken = default)
    {
        DiskKeys.Validate(key);
        var folder = UploadFolder(uploadId);
        if (PendingUpload.Read(folder) is { } pending && pending.Key == key)
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken cancellationToken = default)
    {
        DiskKeys.Validate(key);
        var folder = UploadFolder(uploadId);
        if (PendingUpload.Read(folder) is not { } pending || pending.Key != key)
        {
            return null;
        }

        var parts = new List<StoredPart>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.part").Order(StringComparer.Ordinal))
        {
            // The ETag is written before the part is moved into place, so a part file always has one; a part
            // replaced while listed is skipped rather than reported with another's size.
            var number = int.Parse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture);
            try
            {
                var etag = await File.ReadAllTextAsync(file + ".etag", cancellationToken);
                parts.Add(new StoredPart(number, etag, new FileInfo(file).Length));
            }
            catch (FileNotFoundException)
            {
            }
        }

        return parts;
    }

    private string UploadFolder(string uploadId) =>
        uploadId.Length == 32 && uploadId.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(Root, DiskKeys.UploadsFolder, uploadId)
            : throw new ArgumentException($"'{uploadId}' is not an upload id of this store.", nameof(uploadId));

    private string RequireUpload(string key, string uploadId)
    {
        DiskKeys.Validate(key);
        var folder = UploadFolder(uploadId);
        return PendingUpload.Read(folder) is { } pending && pending.Key == key
            ? folder
            : throw new MultipartUploadNotFoundException(key, uploadId);
    }

    private static string PartPath(string folder, int partNumber) =>
        Path.Combine(folder, partNumber.ToString("D5", CultureInfo.InvariantCulture) + ".part");
}

/// <summary>No multipart upload with that id is open for that key (never started, completed or aborted).</summary>
public sealed class MultipartUploadNotFoundException(string key, string uploadId)
    : InvalidOperationException($"No multipart upload '{uploadId}' is open for '{key}'.")
{
    public string Key { get; } = key;

    public string UploadId { get; } = uploadId;
}
