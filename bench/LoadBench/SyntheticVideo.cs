using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LoadBench;

/// <summary>
/// A large upload that is still a real video: a small playable MP4 followed by one top-level <c>free</c> box filling
/// the rest with pseudo-random bytes (players and ffmpeg skip <c>free</c> boxes). The bytes are a function of the
/// file's number and the offset, so any range can be produced again for sending and for checking, with nothing held
/// in memory or on disk.
/// </summary>
internal sealed class SyntheticVideo
{
    private const int BlockSize = 64 * 1024;
    private readonly byte[] head;

    public SyntheticVideo(byte[] clip, int number, long size)
    {
        if (size - clip.Length is < 8 or > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "The padding must fit one 32-bit free box.");
        }

        Number = number;
        Size = size;
        head = new byte[clip.Length + 8];
        clip.CopyTo(head, 0);
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(clip.Length), (uint)(size - clip.Length));
        "free"u8.CopyTo(head.AsSpan(clip.Length + 4));
    }

    public int Number { get; }

    public long Size { get; }

    public Stream Open(long offset, long length) => new Reader(this, offset, length);

    /// <summary>SHA-256 and MD5 (lower-case hex) of the whole file.</summary>
    public (string Sha256, string Md5) Hashes()
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var stream = Open(0, Size);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            md5.AppendData(buffer, 0, read);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), Convert.ToHexStringLower(md5.GetHashAndReset()));
    }

    private void Fill(long offset, Span<byte> target, ref long cachedBlock, byte[] block)
    {
        while (target.Length > 0)
        {
            int n;
            if (offset < head.Length)
            {
                n = (int)Math.Min(target.Length, head.Length - offset);
                head.AsSpan((int)offset, n).CopyTo(target);
            }
            else
            {
                var index = (offset - head.Length) / BlockSize;
                if (index != cachedBlock)
                {
                    new Random(HashCode.Combine(Number, index)).NextBytes(block);
                    cachedBlock = index;
                }

                var within = (int)((offset - head.Length) % BlockSize);
                n = Math.Min(target.Length, BlockSize - within);
                block.AsSpan(within, n).CopyTo(target);
            }

            offset += n;
            target = target[n..];
        }
    }

    private sealed class Reader(SyntheticVideo video, long start, long length) : Stream
    {
        private readonly byte[] block = new byte[BlockSize];
        private long cachedBlock = -1;
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - position);
            video.Fill(start + position, buffer[..n], ref cachedBlock, block);
            position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
