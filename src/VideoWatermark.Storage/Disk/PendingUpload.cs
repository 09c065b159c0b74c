using System.Text.Json;

namespace VideoWatermark.Storage.Disk;

/// <summary>What a multipart upload was started for, kept in its folder under <c>.uploads/</c>.</summary>
internal sealed record PendingUpload(string Key, string ContentType)
{
    private const string FileName = "upload.json";

    public static PendingUpload? Read(string folder)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, FileName)), DiskJsonContext.Default.PendingUpload);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string folder) => File.WriteAllBytes(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, DiskJsonContext.Default.PendingUpload));
}
