using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>Recognises CloudFormation intrinsic functions in a template's JSON form.</summary>
public static partial class Intrinsics
{
    /// <summary>The function's name when <paramref name="node"/> is one (<c>Ref</c>, <c>Fn::Sub</c>, <c>Condition</c>…).</summary>
    public static string? Name(JsonNode? node) =>
        node is JsonObject { Count: 1 } obj && obj.First().Key is var key
            && (key == "Ref" || key == "Condition" || key.StartsWith("Fn::", StringComparison.Ordinal))
            ? key
            : null;

    public static JsonNode? Argument(JsonNode node) => ((JsonObject)node).First().Value;

    public static bool IsNoValue(JsonNode? node) => Name(node) == "Ref" && Argument(node!)?.ToString() == "AWS::NoValue";

    /// <summary>The variables a <c>Fn::Sub</c> string names: <c>${Name}</c> and <c>${Resource.Attribute}</c>; <c>${!…}</c> is literal.</summary>
    public static IEnumerable<string> SubVariables(string text) =>
        SubVariable().Matches(text).Select(m => m.Groups[1].Value).Where(v => !v.StartsWith('!'));

    /// <summary>The string and the variable map of a <c>Fn::Sub</c> in either of its two forms.</summary>
    public static (string Text, JsonObject Variables) SubParts(JsonNode? argument) => argument switch
    {
        JsonValue text => (text.ToString(), []),
        JsonArray { Count: 2 } pair => (pair[0]?.ToString() ?? "", pair[1] as JsonObject ?? []),
        _ => throw new FormatException($"Fn::Sub takes a string or [string, map], not {argument?.ToJsonString()}."),
    };

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    public static partial Regex SubVariable();
}
