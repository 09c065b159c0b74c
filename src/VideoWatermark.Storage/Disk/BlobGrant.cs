using System.Text.Json.Serialization;

namespace VideoWatermark.Storage.Disk;

/// <summary>
/// What one signed URL of the disk store allows: one method on one key until one moment, with the content type and
/// maximum length an upload must keep to, the multipart upload and part it fills, or the disposition a download gets.
/// </summary>
public sealed record BlobGrant(
    [property: JsonPropertyName("m")] string Method,
    [property: JsonPropertyName("k")] string Key,
    [property: JsonPropertyName("e")] long ExpiresAtUnixSeconds,
    [property: JsonPropertyName("t")] string? ContentType = null,
    [property: JsonPropertyName("l")] long? MaxLength = null,
    [property: JsonPropertyName("u")] string? UploadId = null,
    [property: JsonPropertyName("p")] int? PartNumber = null,
    [property: JsonPropertyName("d")] string? Disposition = null)
{
    [JsonIgnore]
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresAtUnixSeconds);
}
