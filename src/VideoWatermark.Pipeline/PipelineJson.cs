using System.Text.Json;
using System.Text.Json.Serialization;
using VideoWatermark.Engine.Recipients;
using VideoWatermark.Pipeline.Drops;

namespace VideoWatermark.Pipeline;

/// <summary>A batch's recipient plan as the pipeline stores it, with the serializer's default names; generated at build time.</summary>
[JsonSerializable(typeof(RecipientPlan))]
internal sealed partial class PipelineJson : JsonSerializerContext;

/// <summary>The pipeline's own records in the bucket (the drop poller's state, a watermark's facts), camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DropPollState))]
[JsonSerializable(typeof(WatermarkFacts))]
internal sealed partial class PipelineWebJson : JsonSerializerContext;
