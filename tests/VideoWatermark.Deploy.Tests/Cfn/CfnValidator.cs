using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>
/// Checks a template the way CloudFormation's own validation and the resource providers would: every resource type,
/// property name, property type (recursively through nested property types) and required property against the
/// resource specification, and every Ref, GetAtt, Sub variable, Condition and DependsOn against what the template
/// defines. Returns the problems, one line each; an empty list means the template is sound.
/// </summary>
public sealed class CfnValidator(CfnSpec spec)
{
    private static readonly HashSet<string> TopLevelKeys =
        ["AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Transform", "Resources", "Outputs", "Rules"];

    private static readonly HashSet<string> ResourceKeys =
        ["Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy"];

    private static readonly HashSet<string> ParameterTypes =
    [
        "String", "Number", "List<Number>", "CommaDelimitedList", "AWS::EC2::VPC::Id", "AWS::EC2::Subnet::Id",
        "List<AWS::EC2::Subnet::Id>", "AWS::EC2::SecurityGroup::Id", "List<AWS::EC2::SecurityGroup::Id>",
        "AWS::EC2::KeyPair::KeyName", "AWS::EC2::AvailabilityZone::Name", "AWS::SSM::Parameter::Value<String>",
    ];

    /// <summary>Functions that may stand where a list is expected.</summary>
    private static readonly HashSet<string> ListFunctions = ["Ref", "Fn::GetAtt", "Fn::Split", "Fn::GetAZs", "Fn::Cidr", "Fn::FindInMap", "Fn::If", "Fn::ImportValue", "Fn::Select"];

    private readonly List<string> problems = [];
    private CfnTemplate template = null!;

    public static IReadOnlyList<string> Check(CfnTemplate template) => new CfnValidator(CfnSpec.Instance).Validate(template);

    public IReadOnlyList<string> Validate(CfnTemplate template)
    {
        this.template = template;
        problems.Clear();

        foreach (var key in template.Root.Select(p => p.Key).Where(k => !TopLevelKeys.Contains(k)))
        {
            Problem(key, "is not a template section");
        }

        if (template.Resources.Count == 0)
        {
            Problem("Resources", "is missing or empty");
        }

        foreach (var (name, parameter) in template.Parameters)
        {
            var type = parameter?["Type"]?.ToString();
            if (type is null || !ParameterTypes.Contains(type))
            {
                Problem($"Parameters.{name}.Type", $"'{type}' is not a parameter type");
            }
        }

        foreach (var (name, condition) in template.Conditions)
        {
            CheckReferences(condition, $"Conditions.{name}");
        }

        foreach (var (name, node) in template.Resources)
        {
            CheckResource(name, node as JsonObject);
        }

        foreach (var (name, output) in template.Outputs)
        {
            if (output?["Value"] is null)
            {
                Problem($"Outputs.{name}", "has no Value");
            }

            CheckCondition(output?["Condition"], $"Outputs.{name}.Condition");
            CheckReferences(output, $"Outputs.{name}");
        }

        return [.. problems];
    }

    private void CheckResource(string name, JsonObject? resource)
    {
        var path = $"Resources.{name}";
        if (resource is null)
        {
            Problem(path, "is not a mapping");
            return;
        }

        foreach (var key in resource.Select(p => p.Key).Where(k => !ResourceKeys.Contains(k)))
        {
            Problem($"{path}.{key}", "is not a resource attribute");
        }

        CheckCondition(resource["Condition"], $"{path}.Condition");
        foreach (var dependency in DependsOn(resource))
        {
            if (!template.Resources.ContainsKey(dependency))
            {
                Problem($"{path}.DependsOn", $"names '{dependency}', which is not a resource");
            }
        }

        CheckReferences(resource["Properties"], $"{path}.Properties");
        var type = resource["Type"]?.ToString() ?? "";
        if (type.StartsWith("Custom::", StringComparison.Ordinal))
        {
            return;
        }

        var typeSpec = spec.Resource(type);
        if (typeSpec is null)
        {
            Problem($"{path}.Type", $"'{type}' is not a resource type in specification {spec.Version}");
            return;
        }

        CheckObject(type, typeSpec, resource["Properties"] ?? new JsonObject(), $"{path}.Properties");
    }

    public static IEnumerable<string> DependsOn(JsonObject resource) => resource["DependsOn"] switch
    {
        JsonArray list => list.Select(d => d!.ToString()),
        JsonValue one => [one.ToString()],
        _ => [],
    };

    private void CheckObject(string resourceType, TypeSpec typeSpec, JsonNode value, string path)
    {
        if (Intrinsics.Name(value) == "Fn::If")
        {
            ForEachBranch(value, path, branch => CheckObject(resourceType, typeSpec, branch, path));
            return;
        }

        if (Intrinsics.Name(value) is { } fn)
        {
            Problem(path, $"is {fn}, which cannot produce a {typeSpec.Name}");
            return;
        }

        if (value is not JsonObject obj)
        {
            Problem(path, $"must be a {typeSpec.Name} object, not {Describe(value)}");
            return;
        }

        if (typeSpec.Properties is null)
        {
            return;
        }

        foreach (var (key, child) in obj)
        {
            if (!typeSpec.Properties.TryGetValue(key, out var propertySpec))
            {
                Problem($"{path}.{key}", $"is not a property of {typeSpec.Name}");
                continue;
            }

            CheckValue(resourceType, propertySpec, child, $"{path}.{key}");
        }

        foreach (var required in typeSpec.Properties.Values.Where(p => p.Required && !obj.ContainsKey(p.Name)))
        {
            Problem(path, $"lacks required property {required.Name} of {typeSpec.Name}");
        }
    }

    private void CheckValue(string resourceType, PropertySpec property, JsonNode? value, string path)
    {
        if (value is null || Intrinsics.IsNoValue(value) || property.AnyType)
        {
            return;
        }

        if (Intrinsics.Name(value) == "Fn::If")
        {
            ForEachBranch(value, path, branch => CheckValue(resourceType, property, branch, path));
            return;
        }

        if (property.PrimitiveType is { } primitive)
        {
            CheckPrimitive(primitive, value, path);
        }
        else if (property.Type == "List")
        {
            if (value is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    CheckItem(resourceType, property, items[i], $"{path}[{i}]");
                }
            }
            else if (Intrinsics.Name(value) is not { } fn || !ListFunctions.Contains(fn))
            {
                Problem(path, $"must be a list, not {Describe(value)}");
            }
        }
        else if (property.Type == "Map")
        {
            if (value is JsonObject map && Intrinsics.Name(value) is null)
            {
                foreach (var (key, item) in map)
                {
                    CheckItem(resourceType, property, item, $"{path}.{key}");
                }
            }
            else if (Intrinsics.Name(value) is null)
            {
                Problem(path, $"must be a map, not {Describe(value)}");
            }
        }
        else if (property.Type is { } typeName)
        {
            var nested = spec.PropertyType(resourceType, typeName);
            if (nested is null)
            {
                Problem(path, $"has type {typeName}, which specification {spec.Version} does not define");
                return;
            }

            CheckObject(resourceType, nested, value, path);
        }
    }

    private void CheckItem(string resourceType, PropertySpec list, JsonNode? item, string path)
    {
        if (item is null || Intrinsics.IsNoValue(item))
        {
            return;
        }

        if (Intrinsics.Name(item) == "Fn::If")
        {
            ForEachBranch(item, path, branch => CheckItem(resourceType, list, branch, path));
            return;
        }

        if (list.PrimitiveItemType is { } primitive)
        {
            CheckPrimitive(primitive, item, path);
        }
        else if (list.ItemType is { } typeName)
        {
            var nested = spec.PropertyType(resourceType, typeName);
            if (nested is null)
            {
                Problem(path, $"has item type {typeName}, which specification {spec.Version} does not define");
                return;
            }

            CheckObject(resourceType, nested, item, path);
        }
    }

    private void CheckPrimitive(string primitive, JsonNode value, string path)
    {
        if (Intrinsics.Name(value) is not null)
        {
            return;
        }

        var ok = primitive switch
        {
            "String" => value is JsonValue,
            "Integer" or "Long" => value is JsonValue v && long.TryParse(CfnTemplate.Scalar(v), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "Double" => value is JsonValue v && double.TryParse(CfnTemplate.Scalar(v), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            "Boolean" => value is JsonValue v && CfnTemplate.Scalar(v) is "true" or "false",
            "Timestamp" => value is JsonValue,
            "Json" => value is JsonObject or JsonArray || value.GetValueKind() == JsonValueKind.String,
            _ => true,
        };
        if (!ok)
        {
            Problem(path, $"must be {primitive}, not {Describe(value)}");
        }
    }

    private void ForEachBranch(JsonNode ifNode, string path, Action<JsonNode> check)
    {
        if (Intrinsics.Argument(ifNode) is not JsonArray { Count: 3 } args)
        {
            Problem(path, "Fn::If takes [condition, then, else]");
            return;
        }

        foreach (var branch in new[] { args[1], args[2] })
        {
            if (branch is not null && !Intrinsics.IsNoValue(branch))
            {
                check(branch);
            }
        }
    }

    /// <summary>Every Ref, GetAtt, Sub variable, If condition and Condition below <paramref name="node"/> names something real.</summary>
    private void CheckReferences(JsonNode? node, string path)
    {
        switch (Intrinsics.Name(node))
        {
            case "Ref":
                CheckRef(Intrinsics.Argument(node!)?.ToString() ?? "", path);
                return;
            case "Condition":
                CheckCondition(Intrinsics.Argument(node!), path);
                return;
            case "Fn::GetAtt":
                {
                    if (Intrinsics.Argument(node!) is JsonArray { Count: 2 } att && att[0] is JsonValue && att[1] is JsonValue)
                    {
                        CheckGetAtt(att[0]!.ToString(), att[1]!.ToString(), path);
                    }
                    else
                    {
                        Problem(path, $"Fn::GetAtt takes [resource, attribute], not {Intrinsics.Argument(node!)?.ToJsonString()}");
                    }

                    return;
                }

            case "Fn::Sub":
                {
                    var (text, variables) = Intrinsics.SubParts(Intrinsics.Argument(node!));
                    foreach (var variable in Intrinsics.SubVariables(text).Where(v => !variables.ContainsKey(v)))
                    {
                        var dot = variable.IndexOf('.', StringComparison.Ordinal);
                        if (dot > 0)
                        {
                            CheckGetAtt(variable[..dot], variable[(dot + 1)..], path);
                        }
                        else
                        {
                            CheckRef(variable, path);
                        }
                    }

                    foreach (var (key, value) in variables)
                    {
                        CheckReferences(value, $"{path}.{key}");
                    }

                    return;
                }

            case "Fn::If":
                if (Intrinsics.Argument(node!) is JsonArray { Count: 3 } branches)
                {
                    CheckCondition(branches[0], path);
                    CheckReferences(branches[1], path);
                    CheckReferences(branches[2], path);
                }
                else
                {
                    Problem(path, "Fn::If takes [condition, then, else]");
                }

                return;
            case "Fn::FindInMap":
                if (Intrinsics.Argument(node!) is JsonArray { Count: 3 } find && find[0] is JsonValue map && !template.Mappings.ContainsKey(map.ToString()))
                {
                    Problem(path, $"Fn::FindInMap names '{map}', which is not a mapping");
                }

                break;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    CheckReferences(child, $"{path}.{key}");
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    CheckReferences(list[i], $"{path}[{i}]");
                }

                break;
        }
    }

    private void CheckRef(string name, string path)
    {
        if (!template.Parameters.ContainsKey(name) && !template.Resources.ContainsKey(name) && !CfnTemplate.PseudoParameters.Contains(name))
        {
            Problem(path, $"refers to '{name}', which is no parameter, resource or pseudo parameter");
        }
    }

    private void CheckGetAtt(string resource, string attribute, string path)
    {
        if (template.Resources[resource] is not JsonObject target)
        {
            Problem(path, $"gets {resource}.{attribute}, but there is no resource '{resource}'");
            return;
        }

        var type = target["Type"]?.ToString() ?? "";
        if (type.StartsWith("Custom::", StringComparison.Ordinal))
        {
            return;
        }

        if (spec.Resource(type) is { } typeSpec && !typeSpec.Attributes.Contains(attribute))
        {
            Problem(path, $"gets {resource}.{attribute}, but {type} has no attribute '{attribute}' (it has: {string.Join(", ", typeSpec.Attributes.Order())})");
        }
    }

    private void CheckCondition(JsonNode? condition, string path)
    {
        if (condition is not null && !template.Conditions.ContainsKey(condition.ToString()))
        {
            Problem(path, $"names condition '{condition}', which is not defined");
        }
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "a map",
        JsonArray => "a list",
        _ => $"'{value}'",
    };

    private void Problem(string path, string message) => problems.Add($"{template.Source}: {path} {message}");
}
