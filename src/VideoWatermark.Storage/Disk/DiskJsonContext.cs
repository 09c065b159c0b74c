using System.Text.Json.Serialization;

namespace VideoWatermark.Storage.Disk;

/// <summary>The embedded store's own small JSON files and tokens, with the serializer's default names; generated at build time.</summary>
[JsonSerializable(typeof(ObjectSidecar))]
[JsonSerializable(typeof(PendingUpload))]
[JsonSerializable(typeof(BlobGrant))]
internal sealed partial class DiskJsonContext : JsonSerializerContext;
