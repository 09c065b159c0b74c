using System.Text.Json;
using System.Text.RegularExpressions;

namespace VideoWatermark.Dispatcher.Tests.Ecs;

/// <summary>
/// The RunTask request syntax of the Amazon ECS API reference (API version 2014-11-13): field names, JSON types,
/// required fields and documented limits. Every problem is one sentence.
/// </summary>
public static partial class RunTaskRequestSyntax
{
    private static readonly HashSet<string> TopLevel =
    [
        "capacityProviderStrategy", "clientToken", "cluster", "count", "enableECSManagedTags", "enableExecuteCommand", "group",
        "launchType", "networkConfiguration", "overrides", "placementConstraints", "placementStrategy", "platformVersion",
        "propagateTags", "referenceId", "startedBy", "tags", "taskDefinition", "volumeConfigurations",
    ];

    private static readonly HashSet<string> ContainerOverrideFields =
    [
        "command", "cpu", "environment", "environmentFiles", "memory", "memoryReservation", "name", "resourceRequirements",
    ];

    public static IReadOnlyList<string> Problems(JsonElement body)
    {
        var problems = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return ["The body is not a JSON object."];
        }

        foreach (var property in body.EnumerateObject().Where(p => !TopLevel.Contains(p.Name)))
        {
            problems.Add($"'{property.Name}' is not a RunTask request field.");
        }

        RequireString(body, "taskDefinition", problems, required: true);
        RequireString(body, "cluster", problems);

        if (body.TryGetProperty("count", out var count) && (count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out var n) || n is < 1 or > 10))
        {
            problems.Add($"count {count} must be an integer from 1 to 10.");
        }

        var hasLaunchType = body.TryGetProperty("launchType", out var launchType);
        if (hasLaunchType && launchType.GetString() is not ("EC2" or "FARGATE" or "EXTERNAL" or "MANAGED_INSTANCES"))
        {
            problems.Add($"launchType {launchType} is not EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES.");
        }

        if (body.TryGetProperty("capacityProviderStrategy", out var strategy))
        {
            if (hasLaunchType)
            {
                problems.Add("launchType must be omitted when capacityProviderStrategy is given.");
            }

            if (strategy.ValueKind != JsonValueKind.Array || strategy.GetArrayLength() is 0 or > 20)
            {
                problems.Add("capacityProviderStrategy must be an array of 1 to 20 items.");
            }
            else
            {
                foreach (var item in strategy.EnumerateArray())
                {
                    RequireString(item, "capacityProvider", problems, required: true);
                    RequireInt(item, "weight", 0, 1000, problems);
                    RequireInt(item, "base", 0, 100000, problems);
                }
            }
        }

        if (RequireString(body, "clientToken", problems) is { } token && (token.Length > 64 || token.Any(c => c is < (char)33 or > (char)126)))
        {
            problems.Add($"clientToken '{token}' must be up to 64 characters in the range 33-126.");
        }

        if (RequireString(body, "startedBy", problems) is { } startedBy && !StartedBy().IsMatch(startedBy))
        {
            problems.Add($"startedBy '{startedBy}' must be up to 36 letters, numbers, hyphens, forward slashes and underscores.");
        }

        if (body.TryGetProperty("networkConfiguration", out var network))
        {
            if (!network.TryGetProperty("awsvpcConfiguration", out var vpc) || vpc.ValueKind != JsonValueKind.Object)
            {
                problems.Add("networkConfiguration.awsvpcConfiguration is missing.");
            }
            else
            {
                StringArray(vpc, "subnets", 1, 16, problems, required: true);
                StringArray(vpc, "securityGroups", 0, 5, problems);
                if (vpc.TryGetProperty("assignPublicIp", out var assign) && assign.GetString() is not ("ENABLED" or "DISABLED"))
                {
                    problems.Add($"assignPublicIp {assign} is not ENABLED or DISABLED.");
                }
            }
        }

        if (body.TryGetProperty("overrides", out var overrides))
        {
            // "A total of 8192 characters are allowed for overrides", JSON formatting included.
            if (overrides.GetRawText().Length > 8192)
            {
                problems.Add($"overrides are {overrides.GetRawText().Length} characters; at most 8192 are allowed.");
            }

            if (overrides.TryGetProperty("containerOverrides", out var containers))
            {
                foreach (var container in containers.EnumerateArray())
                {
                    foreach (var p in container.EnumerateObject().Where(p => !ContainerOverrideFields.Contains(p.Name)))
                    {
                        problems.Add($"'{p.Name}' is not a ContainerOverride field.");
                    }

                    RequireString(container, "name", problems);
                    if (container.TryGetProperty("environment", out var environment))
                    {
                        foreach (var pair in environment.EnumerateArray())
                        {
                            RequireString(pair, "name", problems, required: true);
                            RequireString(pair, "value", problems, required: true);
                        }
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>The environment overrides of the named container, as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Environment(JsonElement body, string container) =>
        body.GetProperty("overrides").GetProperty("containerOverrides").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == container)
            .GetProperty("environment").EnumerateArray()
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").GetString()!);

    private static string? RequireString(JsonElement element, string name, List<string> problems, bool required = false)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            if (required)
            {
                problems.Add($"Required field '{name}' is missing.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"'{name}' must be a string, not {value.ValueKind}.");
            return null;
        }

        return value.GetString();
    }

    private static void RequireInt(JsonElement element, string name, int min, int max, List<string> problems)
    {
        if (element.TryGetProperty(name, out var value) && (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < min || n > max))
        {
            problems.Add($"'{name}' {value} must be an integer from {min} to {max}.");
        }
    }

    private static void StringArray(JsonElement element, string name, int min, int max, List<string> problems, bool required = false)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            if (required)
            {
                problems.Add($"Required field '{name}' is missing.");
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() < min || value.GetArrayLength() > max
            || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            problems.Add($"'{name}' must be an array of {min} to {max} strings.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_/-]{1,36}$")]
    private static partial Regex StartedBy();
}
