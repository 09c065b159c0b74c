using System.IO.Pipelines;
using System.Security.Cryptography;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// Content written to a private temporary file with its MD5 computed on the way, before it becomes visible; disposing
/// removes the file unless it was moved into place.
/// </summary>
internal sealed class StagedFile : IDisposable
{
    /// <summary>
    /// Per write in flight, so it is what fifty concurrent uploads cost: 64 KiB stays off the large object heap and
    /// still writes in large enough pieces for a disk.
    /// </summary>
    private const int BufferSize = 64 * 1024;

    /// <summary>
    /// Writes to the disk at once in this process. A file write on Linux blocks a thread-pool thread for as long as the
    /// kernel throttles a slow disk; with hundreds of uploads arriving, each of those would hold a thread (and the
    /// pool would keep adding more). The rest wait here without a thread, and their connections wait in the socket.
    /// </summary>
    private static readonly SemaphoreSlim Writes = new(Math.Max(4, Environment.ProcessorCount));

    private StagedFile(string path, long size, string md5)
    {
        Path = path;
        Size = size;
        Md5 = md5;
    }

    public string Path { get; }

    public long Size { get; }

    public string Md5 { get; }

    public long ModifiedTicks => File.GetLastWriteTimeUtc(Path).Ticks;

    /// <summary>Copies <paramref name="sources"/> one after the other into a new file under <paramref name="tempFolder"/>.</summary>
    /// <exception cref="ContentTooLargeException">More than <paramref name="maxLength"/> bytes arrived; nothing is kept.</exception>
    public static Task<StagedFile> WriteAsync(string tempFolder, IEnumerable<Func<Task<Stream>>> sources, long? maxLength, CancellationToken cancellationToken) =>
        StageAsync(tempFolder, maxLength, async append =>
        {
            foreach (var open in sources)
            {
                await using var source = await open();
                var reader = PipeReader.Create(source, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 2, leaveOpen: true));
                try
                {
                    await append(reader);
                }
                finally
                {
                    await reader.CompleteAsync();
                }
            }
        }, cancellationToken);

    public static Task<StagedFile> WriteAsync(string tempFolder, Stream source, long? maxLength, CancellationToken cancellationToken) =>
        WriteAsync(tempFolder, [() => Task.FromResult<Stream>(new KeepOpen(source))], maxLength, cancellationToken);

    /// <summary>
    /// Writes what <paramref name="source"/> holds straight from its buffers, each read in one gathered write: a
    /// request body read this way needs no copy buffer of its own, only what the server already holds for it.
    /// </summary>
    /// <exception cref="ContentTooLargeException">More than <paramref name="maxLength"/> bytes arrived; nothing is kept.</exception>
    public static Task<StagedFile> WriteAsync(string tempFolder, PipeReader source, long? maxLength, CancellationToken cancellationToken) =>
        StageAsync(tempFolder, maxLength, append => append(source), cancellationToken);

    /// <summary>
    /// The one write path: a new private file, to which <paramref name="fill"/> appends readers one after another; each
    /// reader's buffers go to the disk as they are (hashed on the way) under the process-wide write gate.
    /// </summary>
    private static async Task<StagedFile> StageAsync(string tempFolder, long? maxLength, Func<Func<PipeReader, Task>, Task> fill, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(tempFolder);
        var path = System.IO.Path.Combine(tempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            long size = 0;
            var pieces = new List<ReadOnlyMemory<byte>>();
            using (var target = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous))
            {
                await fill(async source =>
                {
                    while (true)
                    {
                        var result = await source.ReadAsync(cancellationToken);
                        var buffer = result.Buffer;
                        try
                        {
                            if (size + buffer.Length > maxLength)
                            {
                                throw new ContentTooLargeException(maxLength.Value);
                            }

                            if (!buffer.IsEmpty)
                            {
                                pieces.Clear();
                                foreach (var piece in buffer)
                                {
                                    md5.AppendData(piece.Span);
                                    pieces.Add(piece);
                                }

                                await Writes.WaitAsync(cancellationToken);
                                try
                                {
                                    await RandomAccess.WriteAsync(target, pieces, size, cancellationToken);
                                }
                                finally
                                {
                                    Writes.Release();
                                }

                                size += buffer.Length;
                            }
                        }
                        finally
                        {
                            source.AdvanceTo(buffer.End);
                        }

                        if (result.IsCompleted)
                        {
                            return;
                        }

                        if (result.IsCanceled)
                        {
                            throw new OperationCanceledException(cancellationToken);
                        }
                    }
                });
            }

            return new StagedFile(path, size, Convert.ToHexStringLower(md5.GetHashAndReset()));
        }
        catch
        {
            TryDelete(path);
            throw;
        }
    }

    public void Dispose() => TryDelete(Path);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The caller's stream is the caller's to close.</summary>
    private sealed class KeepOpen(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>An upload went over the maximum length its URL allows.</summary>
public sealed class ContentTooLargeException(long maxLength)
    : IOException($"The content is longer than the {maxLength} bytes allowed.")
{
    public long MaxLength { get; } = maxLength;
}
