using System.Text.Json.Nodes;

namespace VideoWatermark.Deploy.Tests.Cfn;

/// <summary>A CloudFormation template in its JSON form, with the look-ups the tests need.</summary>
public sealed class CfnTemplate(JsonObject root, string source)
{
    public static readonly IReadOnlySet<string> PseudoParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId",
        "AWS::StackName", "AWS::URLSuffix",
    };

    public JsonObject Root { get; } = root;

    public string Source { get; } = source;

    public JsonObject Parameters => Section("Parameters");

    public JsonObject Conditions => Section("Conditions");

    public JsonObject Resources => Section("Resources");

    public JsonObject Outputs => Section("Outputs");

    public JsonObject Mappings => Section("Mappings");

    public static CfnTemplate Load(string path) => new(CfnYaml.Load(path), RepoPaths.Relative(path));

    public static CfnTemplate Parse(string yaml, string source = "inline") => new(CfnYaml.Parse(new StringReader(yaml), source), source);

    public JsonObject Resource(string name) =>
        Resources[name] as JsonObject ?? throw new KeyNotFoundException($"{Source} has no resource '{name}'.");

    public JsonObject Properties(string resource) => Resource(resource)["Properties"] as JsonObject ?? [];

    public string TypeOf(string resource) => Resource(resource)["Type"]?.ToString() ?? "";

    public IEnumerable<(string Name, JsonObject Resource)> OfType(string type) =>
        Resources.Where(r => r.Value is JsonObject o && o["Type"]?.ToString() == type).Select(r => (r.Key, (JsonObject)r.Value!));

    /// <summary>Each parameter's default, as CloudFormation would pass it (a string), or null when it has none.</summary>
    public IReadOnlyDictionary<string, string?> ParameterDefaults() =>
        Parameters.ToDictionary(p => p.Key, p => p.Value?["Default"] is { } d ? Scalar(d) : null, StringComparer.Ordinal);

    /// <summary>The template as CloudFormation would see it with these parameter values (see <see cref="CfnResolver"/>).</summary>
    public ResolvedTemplate Resolve(IReadOnlyDictionary<string, string>? parameters = null) => CfnResolver.Resolve(this, parameters ?? new Dictionary<string, string>());

    public static string Scalar(JsonNode node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? (b ? "true" : "false") : node.ToString();

    private JsonObject Section(string name) => Root[name] as JsonObject ?? [];
}
