using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeTypes;
using VideoWatermark.Core.Storage;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// The embedded object store: one file per object under <see cref="Root"/>, for running on one machine with no AWS.
/// Writes land in <c>.tmp/</c> and are renamed into place, so a reader never sees half an object; ETags (hex MD5 of
/// the content) and content types live in <c>.meta/</c>; browser uploads and downloads go through expiring signed
/// URLs that the portal's <c>EmbeddedStorageEndpoints</c> serves. After every completed write each
/// <see cref="IObjectCreatedListener"/> hears of it, as S3 would send an ObjectCreated event.
/// <para>Typical use: <c>new DiskObjectStore(new DiskStoreOptions { Root = dir }, [])</c>.</para>
/// </summary>
public sealed partial class DiskObjectStore : IObjectStore
{
    private const int BufferSize = 1 << 20;
    private const long MaxPartLength = 5L * 1024 * 1024 * 1024;


    private readonly IEnumerable<IObjectCreatedListener> listeners;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly KeyLocks locks = new();
    private readonly string tempFolder;
    private readonly Uri? publicBaseUrl;
    private long writeCounter;

    /// <param name="listeners">Told of every completed write; enumerated at each write, so it may resolve lazily.</param>
    public DiskObjectStore(DiskStoreOptions options, IEnumerable<IObjectCreatedListener> listeners, TimeProvider? time = null, ILogger<DiskObjectStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Root));
        Bucket = options.Bucket;
        this.listeners = listeners;
        this.time = time ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<DiskObjectStore>.Instance;
        publicBaseUrl = options.PublicBaseUrl;
        tempFolder = Path.Combine(Root, DiskKeys.TempFolder);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(tempFolder);
        Directory.CreateDirectory(Path.Combine(Root, DiskKeys.MetaFolder));
        Directory.CreateDirectory(Path.Combine(Root, DiskKeys.UploadsFolder));
        Signer = new BlobTokenSigner(SigningKeyFile.Load(Root, options.SigningKey), this.time);
    }

    /// <summary>The data folder, full path without a trailing separator.</summary>
    public string Root { get; }

    public string Bucket { get; }

    /// <summary>Checks the tokens of the store's signed URLs, for the host that serves them.</summary>
    public BlobTokenSigner Signer { get; }

    /// <summary>
    /// The key of the object stored at <paramref name="fullPath"/> (a file inside <see cref="Root"/>, not one of the
    /// store's own), e.g. for a file someone copied into the folder by hand.
    /// </summary>
    public bool TryGetKey(string fullPath, out string key)
    {
        key = "";
        if (string.IsNullOrEmpty(fullPath))
        {
            return false;
        }

        var full = Path.GetFullPath(fullPath);
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        var candidate = full[(Root.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/');
        if (!DiskKeys.IsValid(candidate))
        {
            return false;
        }

        key = candidate;
        return true;
    }

    /// <summary>The file that holds <paramref name="key"/> (which may not exist yet).</summary>
    public string PathOf(string key)
    {
        DiskKeys.Validate(key);
        var full = Path.GetFullPath(Path.Combine(Root, key));
        // Validation already rules escapes out; this is the belt to its braces.
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new ArgumentException($"Invalid object key '{key}': it leaves the data folder.", nameof(key));
    }

    public Task<ObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(Describe(key, PathOf(key)));

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            if (File.Exists(path))
            {
                // Unbuffered: readers copy in large pieces anyway, and a FileStream buffer of BufferSize would put
                // a large-object-heap allocation on every read of every job record.
                return Task.FromResult<Stream>(OpenShared(path, bufferSize: 0));
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }

        throw new ObjectNotFoundException(key);
    }

    public Task<bool> PutAsync(string key, Stream content, string contentType, PutCondition? condition = null, CancellationToken cancellationToken = default) =>
        PutAsync(key, content, contentType, condition, maxLength: null, cancellationToken);

    /// <summary>A put that gives up, keeping nothing, once more than <paramref name="maxLength"/> bytes arrive.</summary>
    /// <exception cref="ContentTooLargeException">The content was too long.</exception>
    public async Task<bool> PutAsync(string key, Stream content, string contentType, PutCondition? condition, long? maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        using var staged = await StagedFile.WriteAsync(tempFolder, content, maxLength, cancellationToken);
        return await PublishAsync(key, path, staged, contentType, condition, cancellationToken);
    }

    /// <summary>A put read from a request body's own buffers (no copy buffer per upload), as the signed URLs take it.</summary>
    /// <exception cref="ContentTooLargeException">The content was too long.</exception>
    public async Task<bool> PutAsync(string key, PipeReader content, string contentType, PutCondition? condition, long? maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        using var staged = await StagedFile.WriteAsync(tempFolder, content, maxLength, cancellationToken);
        return await PublishAsync(key, path, staged, contentType, condition, cancellationToken);
    }

    /// <summary>Moves a fully received file into place under the put's condition and announces the new object.</summary>
    private async Task<bool> PublishAsync(string key, string path, StagedFile staged, string contentType, PutCondition? condition, CancellationToken cancellationToken)
    {
        var created = await CommitAsync(key, path, staged, contentType, condition, cancellationToken);
        if (created is null)
        {
            return false;
        }

        await RaiseAsync(created, CancellationToken.None);
        return true;
    }

    public async Task DownloadAsync(string key, string localPath, CancellationToken cancellationToken = default)
    {
        await using var source = await OpenReadAsync(key, cancellationToken);
        await LocalFiles.ReplaceAsync(localPath, source, cancellationToken);
    }

    public async Task UploadAsync(string key, string localPath, string contentType, CancellationToken cancellationToken = default)
    {
        await using var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await PutAsync(key, source, contentType, null, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            var existed = File.Exists(path);
            if (existed)
            {
                File.Delete(path);
            }

            File.Delete(ObjectSidecar.PathFor(Root, key));
            return existed;
        }
    }

    public async IAsyncEnumerable<ObjectInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        prefix ??= "";
        var folder = prefix.LastIndexOf('/') is var slash and > 0 ? prefix[..slash] : "";
        if (folder.Length > 0 && DiskKeys.Problem(folder) is { } problem)
        {
            throw new ArgumentException($"Invalid prefix '{prefix}': {problem}.", nameof(prefix));
        }

        var start = folder.Length == 0 ? Root : Path.Combine(Root, folder);
        if (!Directory.Exists(start))
        {
            yield break;
        }

        var walk = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        var keys = Directory.EnumerateFiles(start, "*", walk)
            .Select(file => TryGetKey(file, out var key) ? key : null)
            .OfType<string>()
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Describe(key, Path.Combine(Root, key)) is { } info)
            {
                yield return info;
            }

            await Task.Yield();
        }
    }

    /// <summary>The file and description of <paramref name="key"/> for serving it, or null when there is none.</summary>
    public (string Path, ObjectInfo Info)? Locate(string key)
    {
        var path = PathOf(key);
        return Describe(key, path) is { } info ? (path, info) : null;
    }

    private async Task<ObjectCreated?> CommitAsync(string key, string path, StagedFile staged, string contentType, PutCondition? condition, CancellationToken cancellationToken)
    {
        var sidecar = new ObjectSidecar(key, staged.Md5, contentType, staged.Size, staged.ModifiedTicks);
        using (await locks.AcquireAsync(key, cancellationToken))
        {
            if (condition is not null)
            {
                var current = Describe(key, path);
                if ((condition.IfNoneMatch && current is not null)
                    || (condition.IfMatchETag is { } expected && !ETags.Same(current?.ETag, expected)))
                {
                    return null;
                }
            }

            MakeRoomFor(key, path);
            File.Move(staged.Path, path, overwrite: true);
            sidecar.Write(ObjectSidecar.PathFor(Root, key), tempFolder);
        }

        var sequencer = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow().UtcTicks:X16}{Interlocked.Increment(ref writeCounter):X8}");
        return new ObjectCreated(Bucket, key, staged.Size, staged.Md5, sequencer);
    }

    /// <summary>
    /// S3 can hold <c>a</c> and <c>a/b</c> at once; a file system cannot, so that one case is refused plainly.
    /// </summary>
    private void MakeRoomFor(string key, string path)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"Cannot store '{key}': the disk store already holds objects under '{key}/'.");
        }

        for (var folder = Path.GetDirectoryName(path)!; folder.Length > Root.Length; folder = Path.GetDirectoryName(folder)!)
        {
            if (File.Exists(folder))
            {
                throw new IOException($"Cannot store '{key}': '{Path.GetRelativePath(Root, folder).Replace(Path.DirectorySeparatorChar, '/')}' is an object, not a folder.");
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Runs once the object is stored; the writer hanging up by then must not keep the event from going out.</summary>
    private async Task RaiseAsync(ObjectCreated created, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnObjectCreatedAsync(created, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The object is stored whatever a listener does; the pipeline's sweep picks up what it missed.
                LogListenerFailed(e, listener.GetType().Name, created.Key);
            }
        }
    }

    private ObjectInfo? Describe(string key, string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        var metaPath = ObjectSidecar.PathFor(Root, key);
        var sidecar = ObjectSidecar.TryRead(metaPath);
        if (sidecar is null || sidecar.Key != key || !sidecar.Describes(file))
        {
            try
            {
                sidecar = Rebuild(key, file);
                sidecar.Write(metaPath, tempFolder);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
        }

        return new ObjectInfo(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc), sidecar.ETag, sidecar.ContentType);
    }

    /// <summary>Describes a file that was put in place without the store: copied in by hand, or left by an older run.</summary>
    private static ObjectSidecar Rebuild(string key, FileInfo file)
    {
        using var stream = OpenShared(file.FullName, BufferSize);
        var md5 = Convert.ToHexStringLower(MD5.HashData(stream));
        var contentType = MimeTypeMap.GetMimeType(file.Extension);
        return new ObjectSidecar(key, md5, contentType, file.Length, file.LastWriteTimeUtc.Ticks);
    }

    private static FileStream OpenShared(string path, int bufferSize) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);

    [LoggerMessage(Level = LogLevel.Error, Message = "Listener {Listener} failed on {Key}")]
    private partial void LogListenerFailed(Exception error, string listener, string key);
}
