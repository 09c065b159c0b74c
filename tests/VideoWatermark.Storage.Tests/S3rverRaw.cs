using VideoWatermark.Testing.S3;

namespace VideoWatermark.Storage.Tests;

/// <summary>What s3rver actually keeps on disk for an object: the bytes a client sent, framing and all.</summary>
public static class S3rverRaw
{
    /// <summary>The stored file of a key made of plain characters (s3rver encodes others in its file names).</summary>
    public static byte[] StoredBytes(S3rverServer server, string key)
    {
        var parts = key.Split('/');
        var path = Path.Combine([server.DataDirectory, server.Bucket, .. parts[..^1], parts[^1] + "._S3rver_object"]);
        return File.ReadAllBytes(path);
    }
}
