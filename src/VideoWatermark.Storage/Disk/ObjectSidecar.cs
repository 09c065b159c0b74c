using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// What S3 keeps beside an object and a file system does not: its ETag and content type. The size and modification
/// time recorded with them tell whether the file was replaced behind the store's back (a file copied in by hand),
/// in which case the ETag is computed afresh.
/// </summary>
internal sealed record ObjectSidecar(string Key, string ETag, string ContentType, long Size, long ModifiedTicks)
{
    public bool Describes(FileInfo file) => file.Length == Size && file.LastWriteTimeUtc.Ticks == ModifiedTicks;

    /// <summary>Sidecars are named by a hash of the key, so a key of any allowed length has one.</summary>
    public static string PathFor(string root, string key) =>
        Path.Combine(root, DiskKeys.MetaFolder, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");

    public static ObjectSidecar? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), DiskJsonContext.Default.ObjectSidecar);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string path, string tempFolder)
    {
        var temp = Path.Combine(tempFolder, Guid.NewGuid().ToString("N") + ".meta");
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(this, DiskJsonContext.Default.ObjectSidecar));
        File.Move(temp, path, overwrite: true);
    }
}
