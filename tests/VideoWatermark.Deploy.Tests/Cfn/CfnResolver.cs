using System.Text.Json.Nodes;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>
/// Applies parameter values the way CloudFormation does before it creates anything: evaluates the Conditions, drops
/// the resources and outputs whose condition is false, takes the chosen branch of every <c>Fn::If</c> and removes
/// <c>AWS::NoValue</c>. Other functions stay, so their references can still be checked.
/// </summary>
public static class CfnResolver
{
    public static ResolvedTemplate Resolve(CfnTemplate template, IReadOnlyDictionary<string, string> overrides)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in template.ParameterDefaults())
        {
            if (overrides.TryGetValue(name, out var given))
            {
                values[name] = given;
            }
            else if (value is not null)
            {
                values[name] = value;
            }
            else
            {
                throw new ArgumentException($"{template.Source}: parameter {name} has no default and no value was given.");
            }
        }

        foreach (var name in overrides.Keys.Where(k => !values.ContainsKey(k)))
        {
            throw new ArgumentException($"{template.Source}: there is no parameter {name}.");
        }

        var conditions = new ConditionEvaluator(template, values);
        var root = new JsonObject();
        foreach (var (key, section) in template.Root)
        {
            if (key is "Resources" or "Outputs" && section is JsonObject entries)
            {
                var kept = new JsonObject();
                foreach (var (name, entry) in entries)
                {
                    if (entry?["Condition"] is { } condition && !conditions.Evaluate(condition.ToString()))
                    {
                        continue;
                    }

                    kept[name] = Apply(entry, conditions);
                }

                root[key] = kept;
            }
            else
            {
                root[key] = section?.DeepClone();
            }
        }

        return new ResolvedTemplate(new CfnTemplate(root, template.Source), values, conditions.All());
    }

    private static JsonNode? Apply(JsonNode? node, ConditionEvaluator conditions)
    {
        if (Intrinsics.Name(node) == "Fn::If" && Intrinsics.Argument(node!) is JsonArray { Count: 3 } branches)
        {
            return Apply(conditions.Evaluate(branches[0]!.ToString()) ? branches[1] : branches[2], conditions);
        }

        switch (node)
        {
            case JsonObject obj:
                {
                    var result = new JsonObject();
                    foreach (var (key, value) in obj)
                    {
                        var applied = Apply(value, conditions);
                        if (!Intrinsics.IsNoValue(applied))
                        {
                            result[key] = applied;
                        }
                    }

                    return result;
                }

            case JsonArray array:
                return new JsonArray([.. array.Select(item => Apply(item, conditions)).Where(item => !Intrinsics.IsNoValue(item))]);
            default:
                return node?.DeepClone();
        }
    }

    private sealed class ConditionEvaluator(CfnTemplate template, IReadOnlyDictionary<string, string> values)
    {
        private readonly Dictionary<string, bool> known = new(StringComparer.Ordinal);

        public bool Evaluate(string name)
        {
            if (known.TryGetValue(name, out var value))
            {
                return value;
            }

            var definition = template.Conditions[name] ?? throw new KeyNotFoundException($"{template.Source}: no condition '{name}'.");
            return known[name] = Eval(definition);
        }

        public IReadOnlyDictionary<string, bool> All() => template.Conditions.ToDictionary(c => c.Key, c => Evaluate(c.Key), StringComparer.Ordinal);

        private bool Eval(JsonNode node)
        {
            var args = Intrinsics.Argument(node);
            return Intrinsics.Name(node) switch
            {
                "Fn::Equals" when args is JsonArray { Count: 2 } pair => Value(pair[0]) == Value(pair[1]),
                "Fn::Not" when args is JsonArray { Count: 1 } one => !Eval(one[0]!),
                "Fn::And" when args is JsonArray all => all.All(a => Eval(a!)),
                "Fn::Or" when args is JsonArray any => any.Any(a => Eval(a!)),
                "Condition" => Evaluate(args!.ToString()),
                _ => throw new FormatException($"{template.Source}: not a condition function: {node.ToJsonString()}"),
            };
        }

        private string Value(JsonNode? node) => Intrinsics.Name(node) switch
        {
            "Ref" => values.TryGetValue(Intrinsics.Argument(node!)!.ToString(), out var v)
                ? v
                : ResolvedTemplate.Pseudo(Intrinsics.Argument(node!)!.ToString()),
            null when node is not null => CfnTemplate.Scalar(node),
            _ => throw new FormatException($"{template.Source}: a condition compares {node?.ToJsonString()}, which is not known before deployment."),
        };
    }
}
