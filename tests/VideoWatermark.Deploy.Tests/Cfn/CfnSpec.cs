using System.Text.Json;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>One property as the CloudFormation resource specification describes it.</summary>
public sealed record PropertySpec(
    string Name,
    bool Required,
    string? PrimitiveType,
    string? Type,
    string? ItemType,
    string? PrimitiveItemType,
    bool AnyType);

/// <summary>A resource type or a property type: its properties and (for resources) its GetAtt attributes.</summary>
public sealed record TypeSpec(string Name, IReadOnlyDictionary<string, PropertySpec>? Properties, IReadOnlySet<string> Attributes);

/// <summary>
/// The CloudFormation resource specification (the JSON the CDK ships in @aws-cdk/cfnspec), read once per test run.
/// </summary>
public sealed class CfnSpec
{
    private static readonly Lazy<CfnSpec> Shared = new(() => Load(RepoPaths.CfnSpec));

    private readonly Dictionary<string, TypeSpec> resourceTypes;
    private readonly Dictionary<string, TypeSpec> propertyTypes;

    private CfnSpec(string version, Dictionary<string, TypeSpec> resourceTypes, Dictionary<string, TypeSpec> propertyTypes)
    {
        Version = version;
        this.resourceTypes = resourceTypes;
        this.propertyTypes = propertyTypes;
    }

    public static CfnSpec Instance => Shared.Value;

    public string Version { get; }

    public TypeSpec? Resource(string type) => resourceTypes.GetValueOrDefault(type);

    /// <summary>A property type named inside <paramref name="resourceType"/> (or a shared one such as Tag).</summary>
    public TypeSpec? PropertyType(string resourceType, string name) =>
        propertyTypes.GetValueOrDefault($"{resourceType}.{name}") ?? propertyTypes.GetValueOrDefault(name);

    public static CfnSpec Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The CloudFormation specification is missing at {path}: run `npm ci` in tests/node (scripts/test.sh does).", path);
        }

        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        return new CfnSpec(
            root.GetProperty("ResourceSpecificationVersion").GetString() ?? "?",
            ReadTypes(root.GetProperty("ResourceTypes")),
            ReadTypes(root.GetProperty("PropertyTypes")));
    }

    private static Dictionary<string, TypeSpec> ReadTypes(JsonElement types)
    {
        var result = new Dictionary<string, TypeSpec>(StringComparer.Ordinal);
        foreach (var type in types.EnumerateObject())
        {
            Dictionary<string, PropertySpec>? properties = null;
            if (type.Value.TryGetProperty("Properties", out var props))
            {
                properties = new Dictionary<string, PropertySpec>(StringComparer.Ordinal);
                foreach (var prop in props.EnumerateObject())
                {
                    properties[prop.Name] = ReadProperty(prop.Name, prop.Value);
                }
            }

            var attributes = type.Value.TryGetProperty("Attributes", out var attrs)
                ? attrs.EnumerateObject().Select(a => a.Name).ToHashSet(StringComparer.Ordinal)
                : [];
            result[type.Name] = new TypeSpec(type.Name, properties, attributes);
        }

        return result;
    }

    private static PropertySpec ReadProperty(string name, JsonElement p)
    {
        string? Text(string key) => p.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        // Newer specs describe some properties as one of several types; those are not checked further.
        var anyType = p.TryGetProperty("PrimitiveTypes", out _) || p.TryGetProperty("Types", out _)
            || p.TryGetProperty("ItemTypes", out _) || p.TryGetProperty("PrimitiveItemTypes", out _);
        var required = p.TryGetProperty("Required", out var r) && r.ValueKind == JsonValueKind.True;
        return new PropertySpec(name, required, Text("PrimitiveType"), Text("Type"), Text("ItemType"), Text("PrimitiveItemType"), anyType);
    }
}
