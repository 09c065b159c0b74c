using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>
/// Reads a CloudFormation YAML template into the JSON form CloudFormation itself works on: each short-form tag
/// (<c>!Ref</c>, <c>!GetAtt</c>, <c>!Sub</c>, …) becomes its long form (<c>{"Ref": …}</c>, <c>{"Fn::GetAtt": […]}</c>).
/// </summary>
public static class CfnYaml
{
    /// <summary>The short forms CloudFormation accepts; anything else tagged is an error.</summary>
    private static readonly HashSet<string> FnTags =
    [
        "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
        "If", "Equals", "Not", "And", "Or", "ToJsonString", "Length",
    ];

    public static JsonObject Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static JsonObject Parse(TextReader reader, string source = "template")
    {
        var stream = new YamlStream();
        stream.Load(reader);
        if (stream.Documents.Count != 1)
        {
            throw new FormatException($"{source}: expected one YAML document, found {stream.Documents.Count}.");
        }

        return Convert(stream.Documents[0].RootNode, source) as JsonObject
            ?? throw new FormatException($"{source}: the template is not a mapping.");
    }

    private static JsonNode? Convert(YamlNode node, string source)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is not null && tag.StartsWith('!') && !tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return Intrinsic(tag[1..], node, source);
        }

        return node switch
        {
            YamlMappingNode map => ConvertMap(map, source),
            YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(c => Convert(c, source))]),
            YamlScalarNode scalar => ConvertScalar(scalar),
            _ => throw new FormatException($"{source}: unsupported YAML node at {node.Start}."),
        };
    }

    private static JsonObject ConvertMap(YamlMappingNode map, string source)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? "";
            if (result.ContainsKey(name))
            {
                throw new FormatException($"{source}: duplicate key '{name}' at {key.Start}.");
            }

            result[name] = Convert(value, source);
        }

        return result;
    }

    private static JsonNode? Intrinsic(string name, YamlNode node, string source)
    {
        var untagged = Untagged(node, source);
        switch (name)
        {
            case "Ref":
                return new JsonObject { ["Ref"] = untagged };
            case "Condition":
                return new JsonObject { ["Condition"] = untagged };
            case "GetAtt" when untagged is JsonValue dotted:
                {
                    // "Resource.Attribute.With.Dots": the resource name never has a dot, the attribute may.
                    var text = dotted.ToString();
                    var dot = text.IndexOf('.', StringComparison.Ordinal);
                    if (dot <= 0)
                    {
                        throw new FormatException($"{source}: !GetAtt '{text}' at {node.Start} is not Resource.Attribute.");
                    }

                    return new JsonObject { ["Fn::GetAtt"] = new JsonArray(text[..dot], text[(dot + 1)..]) };
                }

            case "GetAtt":
                return new JsonObject { ["Fn::GetAtt"] = untagged };
            default:
                if (!FnTags.Contains(name))
                {
                    throw new FormatException($"{source}: unknown tag !{name} at {node.Start}.");
                }

                return new JsonObject { ["Fn::" + name] = untagged };
        }
    }

    /// <summary>The tagged node's own value, read as if it had no tag.</summary>
    private static JsonNode? Untagged(YamlNode node, string source) => node switch
    {
        YamlMappingNode map => ConvertMap(map, source),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(c => Convert(c, source))]),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new FormatException($"{source}: unsupported YAML node at {node.Start}."),
    };

    private static JsonNode? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && text.Any(char.IsDigit))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(text);
    }
}
