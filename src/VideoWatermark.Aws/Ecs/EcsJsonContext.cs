using System.Text.Json;
using System.Text.Json.Serialization;

namespace VideoWatermark.Aws.Ecs;

/// <summary>RunTask's request and response in ECS's JSON (camelCase, nulls left out); generated at build time.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EcsRunTaskRequest))]
[JsonSerializable(typeof(EcsRunTaskResponse))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;
