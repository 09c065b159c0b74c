using System.Text.Json.Nodes;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>
/// Which resources each resource waits for (Ref, GetAtt, Sub variables and DependsOn) in a resolved template, as
/// CloudFormation orders creation. A reference to a resource that this configuration does not create, or a cycle,
/// fails the stack before anything is created.
/// </summary>
public static class DependencyGraph
{
    public static Dictionary<string, HashSet<string>> Edges(CfnTemplate template)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (name, node) in template.Resources)
        {
            var resource = (JsonObject)node!;
            var targets = new HashSet<string>(StringComparer.Ordinal);
            Collect(resource["Properties"], targets);
            targets.UnionWith(CfnValidator.DependsOn(resource));
            edges[name] = targets;
        }

        return edges;
    }

    /// <summary>Problems of a resolved template: dangling references (in resources and outputs) and cycles.</summary>
    public static IReadOnlyList<string> Problems(ResolvedTemplate resolved)
    {
        var template = resolved.Template;
        var problems = new List<string>();
        var edges = Edges(template);
        foreach (var (name, targets) in edges)
        {
            foreach (var missing in targets.Where(t => !template.Resources.ContainsKey(t) && !IsParameterOrPseudo(template, t)))
            {
                problems.Add($"{resolved}: {name} refers to '{missing}', which this configuration does not create");
            }
        }

        foreach (var (name, output) in template.Outputs)
        {
            var targets = new HashSet<string>(StringComparer.Ordinal);
            Collect(output, targets);
            foreach (var missing in targets.Where(t => !template.Resources.ContainsKey(t) && !IsParameterOrPseudo(template, t)))
            {
                problems.Add($"{resolved}: output {name} refers to '{missing}', which this configuration does not create");
            }
        }

        if (FindCycle(edges) is { } cycle)
        {
            problems.Add($"{resolved}: circular dependency {string.Join(" -> ", cycle)}");
        }

        return problems;
    }

    private static bool IsParameterOrPseudo(CfnTemplate template, string name) =>
        template.Parameters.ContainsKey(name) || CfnTemplate.PseudoParameters.Contains(name);

    private static void Collect(JsonNode? node, HashSet<string> targets)
    {
        switch (Intrinsics.Name(node))
        {
            case "Ref":
                targets.Add(Intrinsics.Argument(node!)!.ToString());
                return;
            case "Fn::GetAtt" when Intrinsics.Argument(node!) is JsonArray { Count: 2 } att:
                targets.Add(att[0]!.ToString());
                return;
            case "Fn::Sub":
                {
                    var (text, variables) = Intrinsics.SubParts(Intrinsics.Argument(node!));
                    foreach (var variable in Intrinsics.SubVariables(text).Where(v => !variables.ContainsKey(v)))
                    {
                        var dot = variable.IndexOf('.', StringComparison.Ordinal);
                        targets.Add(dot > 0 ? variable[..dot] : variable);
                    }

                    foreach (var (_, value) in variables)
                    {
                        Collect(value, targets);
                    }

                    return;
                }
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, targets);
                }

                break;
            case JsonArray list:
                foreach (var child in list)
                {
                    Collect(child, targets);
                }

                break;
        }
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> edges)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            stack.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (!edges.ContainsKey(next))
                {
                    continue;
                }

                if (state.GetValueOrDefault(next) == 1)
                {
                    return [.. stack.SkipWhile(n => n != next), next];
                }

                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in edges.Keys)
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }
}
