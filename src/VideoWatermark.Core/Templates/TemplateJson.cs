using System.Text.Json;
using System.Text.Json.Serialization;
using VideoWatermark.Core.Errors;
using VideoWatermark.Core.Watermarks;

namespace VideoWatermark.Core.Templates;

/// <summary>The one JSON form of templates (CLI files, API bodies, job records, bucket files), source-generated.</summary>
public static class TemplateJson
{
    public static byte[] Serialize(WatermarkTemplate template) =>
        JsonSerializer.SerializeToUtf8Bytes(template, TemplateJsonContext.Default.WatermarkTemplate);

    /// <summary>Reads a template; malformed JSON or unknown values become <see cref="InvalidInputException"/>s.</summary>
    public static WatermarkTemplate Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, TemplateJsonContext.Default.WatermarkTemplate)
                ?? throw new InvalidInputException("The template is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The template is not valid JSON for a template: {e.Message}");
        }
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(KebabEnumConverter<Anchor>), typeof(KebabEnumConverter<LayerType>), typeof(KebabEnumConverter<MotionKind>)])]
[JsonSerializable(typeof(WatermarkTemplate))]
internal sealed partial class TemplateJsonContext : JsonSerializerContext;

/// <summary>Enums as their kebab-case names ("top-left", "hop"), never as numbers.</summary>
internal sealed class KebabEnumConverter<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where T : struct, Enum;
