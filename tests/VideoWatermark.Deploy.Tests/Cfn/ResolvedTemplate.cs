using System.Text;
using System.Text.Json.Nodes;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>
/// A template with its parameters applied (see <see cref="CfnResolver"/>), and <see cref="Render"/> to read a value
/// as the string CloudFormation would produce, with resources shown as <c>Ref(Name)</c> and <c>GetAtt(Name.Attr)</c>.
/// </summary>
public sealed class ResolvedTemplate(CfnTemplate template, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, bool> conditions)
{
    public const string AccountId = "123456789012";
    public const string Region = "us-east-1";
    public const string StackName = "videowatermark";

    public CfnTemplate Template { get; } = template;

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    public IReadOnlyDictionary<string, bool> Conditions { get; } = conditions;

    public bool Has(string resource) => Template.Resources.ContainsKey(resource);

    public JsonObject Properties(string resource) => Template.Properties(resource);

    public static string Pseudo(string name) => name switch
    {
        "AWS::AccountId" => AccountId,
        "AWS::Region" => Region,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackName" => StackName,
        "AWS::StackId" => $"arn:aws:cloudformation:{Region}:{AccountId}:stack/{StackName}/1",
        _ => throw new KeyNotFoundException($"No such pseudo parameter: {name}"),
    };

    public static string RefPlaceholder(string resource) => $"Ref({resource})";

    public static string GetAttPlaceholder(string resource, string attribute) => $"GetAtt({resource}.{attribute})";

    /// <summary>The value as a string; a list renders as its items joined with ',' (as a Ref to a list does).</summary>
    public string Render(JsonNode? node)
    {
        switch (Intrinsics.Name(node))
        {
            case null:
                return node switch
                {
                    null => "",
                    JsonArray list => string.Join(',', list.Select(Render)),
                    JsonObject => throw new FormatException($"A map is not a string: {node.ToJsonString()}"),
                    _ => CfnTemplate.Scalar(node),
                };
            case "Ref":
                return RenderRef(Intrinsics.Argument(node!)!.ToString());
            case "Fn::GetAtt" when Intrinsics.Argument(node!) is JsonArray { Count: 2 } att:
                return GetAttPlaceholder(att[0]!.ToString(), att[1]!.ToString());
            case "Fn::Sub":
                {
                    var (text, variables) = Intrinsics.SubParts(Intrinsics.Argument(node!));
                    return Intrinsics.SubVariable().Replace(text, m =>
                    {
                        var name = m.Groups[1].Value;
                        if (name.StartsWith('!'))
                        {
                            return "${" + name[1..] + "}";
                        }

                        if (variables[name] is { } local)
                        {
                            return Render(local);
                        }

                        var dot = name.IndexOf('.', StringComparison.Ordinal);
                        return dot > 0 ? GetAttPlaceholder(name[..dot], name[(dot + 1)..]) : RenderRef(name);
                    });
                }

            case "Fn::Join" when Intrinsics.Argument(node!) is JsonArray { Count: 2 } join:
                return string.Join(join[0]!.ToString(), RenderList(join[1]));
            case "Fn::Select" when Intrinsics.Argument(node!) is JsonArray { Count: 2 } select:
                return RenderList(select[1])[int.Parse(Render(select[0]), System.Globalization.CultureInfo.InvariantCulture)];
            default:
                throw new NotSupportedException($"Cannot render {node!.ToJsonString()} before deployment.");
        }
    }

    /// <summary>A value that must be a list (a sequence, or a function returning one) as its rendered items.</summary>
    public IReadOnlyList<string> RenderList(JsonNode? node) => node switch
    {
        JsonArray list => [.. list.Select(Render)],
        null => [],
        _ when Intrinsics.Name(node) == "Fn::Split" && Intrinsics.Argument(node) is JsonArray { Count: 2 } split =>
            Render(split[1]).Split(Render(split[0])),
        _ => [Render(node)],
    };

    private string RenderRef(string name) =>
        Parameters.TryGetValue(name, out var value) ? value
        : CfnTemplate.PseudoParameters.Contains(name) ? Pseudo(name)
        : RefPlaceholder(name);

    public override string ToString()
    {
        var text = new StringBuilder(Template.Source);
        foreach (var (name, value) in Conditions.Where(c => c.Value))
        {
            text.Append(' ').Append(name).Append(value ? "" : "=false");
        }

        return text.ToString();
    }
}
