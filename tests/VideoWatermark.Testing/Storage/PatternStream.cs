using System.Security.Cryptography;

namespace VideoWatermark.Testing.Storage;

/// <summary>
/// A forward-only stream of <c>length</c> pseudo-random bytes made on the fly: a source that cannot seek, has no
/// length and is never whole in memory, as a request body or a pipe is.
/// </summary>
public sealed class PatternStream(long length, uint seed = 1) : Stream
{
    private uint state = seed == 0 ? 1 : seed;
    private long produced;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The SHA-256 of the bytes a fresh stream with these arguments yields.</summary>
    public static string Sha256(long length, uint seed = 1)
    {
        using var stream = new PatternStream(length, seed);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static byte[] Bytes(int length, uint seed = 1)
    {
        var bytes = new byte[length];
        using var stream = new PatternStream(length, seed);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - produced);
        for (var i = 0; i < n; i++)
        {
            // xorshift32: cheap, deterministic, not compressible.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            buffer[i] = (byte)state;
        }

        produced += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
