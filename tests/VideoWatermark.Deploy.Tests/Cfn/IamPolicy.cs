using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoWatermark.Deploy.Tests.Cfn;

public sealed record IamStatement(
    string Sid,
    bool Allow,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    IReadOnlyList<(string Operator, string Key, IReadOnlyList<string> Values)> Conditions);

/// <summary>
/// The inline policies of a role in a resolved template, and the <c>AWS::IAM::Policy</c> resources attached to it, with IAM's evaluation for the cases the template uses:
/// an explicit Deny wins, otherwise some Allow must match action, resource and every condition.
/// </summary>
public sealed class IamPolicy(string role, IReadOnlyList<IamStatement> statements)
{
    public string Role { get; } = role;

    public IReadOnlyList<IamStatement> Statements { get; } = statements;

    public static IamPolicy OfRole(ResolvedTemplate stack, string role)
    {
        var statements = new List<IamStatement>();
        foreach (var policy in stack.Properties(role)["Policies"]?.AsArray() ?? [])
        {
            statements.AddRange(Read(stack, policy!["PolicyDocument"]!));
        }

        // A policy of its own grants the role as much as an inline one: a grant cannot hide there.
        foreach (var (_, attached) in stack.Template.OfType("AWS::IAM::Policy"))
        {
            var properties = attached["Properties"]!;
            if (stack.RenderList(properties["Roles"]).Contains(ResolvedTemplate.RefPlaceholder(role)))
            {
                statements.AddRange(Read(stack, properties["PolicyDocument"]!));
            }
        }

        return new IamPolicy(role, statements);
    }

    public static IReadOnlyList<IamStatement> Read(ResolvedTemplate stack, JsonNode document) =>
        [.. AsList(document["Statement"]).Select(s => new IamStatement(
            s!["Sid"]?.ToString() ?? "",
            s["Effect"]!.ToString() == "Allow",
            [.. AsList(s["Action"]).Select(a => a!.ToString())],
            [.. AsList(s["Resource"]).Select(stack.Render)],
            [.. Conditions(stack, s["Condition"] as JsonObject)]))];

    public bool Allows(string action, string resource, IReadOnlyDictionary<string, string>? context = null)
    {
        context ??= new Dictionary<string, string>();
        var matching = Statements.Where(s => s.Actions.Any(a => Glob(a, action, ignoreCase: true)) && s.Resources.Any(r => Glob(r, resource, ignoreCase: false))
            && s.Conditions.All(c => Holds(c, context))).ToList();
        return !matching.Any(s => !s.Allow) && matching.Any(s => s.Allow);
    }

    /// <summary>Every (action, resource) pair an Allow statement names.</summary>
    public IEnumerable<(string Action, string Resource, IamStatement Statement)> Grants() =>
        Statements.Where(s => s.Allow).SelectMany(s => s.Actions.SelectMany(a => s.Resources.Select(r => (a, r, s))));

    private static IEnumerable<(string, string, IReadOnlyList<string>)> Conditions(ResolvedTemplate stack, JsonObject? condition)
    {
        foreach (var (op, keys) in condition ?? [])
        {
            foreach (var (key, values) in keys!.AsObject())
            {
                yield return (op, key, [.. AsList(values).Select(stack.Render)]);
            }
        }
    }

    private static bool Holds((string Operator, string Key, IReadOnlyList<string> Values) condition, IReadOnlyDictionary<string, string> context)
    {
        if (!context.TryGetValue(condition.Key, out var actual))
        {
            return false;
        }

        return condition.Operator switch
        {
            "StringEquals" or "ArnEquals" or "Bool" => condition.Values.Contains(actual, StringComparer.Ordinal),
            "StringLike" or "ArnLike" => condition.Values.Any(v => Glob(v, actual, ignoreCase: false)),
            _ => throw new NotSupportedException($"Condition operator {condition.Operator} is not evaluated by these tests."),
        };
    }

    /// <summary>IAM wildcards: <c>*</c> any run of characters (slashes included), <c>?</c> one character.</summary>
    public static bool Glob(string pattern, string value, bool ignoreCase) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline);

    private static IEnumerable<JsonNode?> AsList(JsonNode? node) => node switch
    {
        null => Array.Empty<JsonNode?>(),
        JsonArray list => list,
        _ => new[] { node },
    };
}
