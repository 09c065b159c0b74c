using VideoWatermark.Testing.S3;

namespace VideoWatermark.Architecture.Tests;

/// <summary>
/// Which project may load which, as README's architecture section draws it. A reference that crosses a layer (Core to
/// anything, the Lambda to the engine, storage to ASP.NET Core) fails here before it ships in the wrong package.
/// </summary>
public sealed class LayeringTests
{
    private const string Core = "VideoWatermark.Core";
    private const string Engine = "VideoWatermark.Engine";
    private const string Storage = "VideoWatermark.Storage";
    private const string Aws = "VideoWatermark.Aws";
    private const string Pipeline = "VideoWatermark.Pipeline";
    private const string Worker = "VideoWatermark.Worker";
    private const string Dispatcher = "VideoWatermark.Dispatcher";
    private const string Portal = "VideoWatermark.Portal";

    private const string AspNetCore = ProjectGraph.AspNetCore;
    private const string AnyAwsSdk = "AWSSDK.*";

    // Text is drawn in the engine; the domain and the Lambda's package stay free of native graphics libraries.
    private const string AnySkia = "SkiaSharp*";

    /// <summary>For each project: the projects of ours it may load (directly or not), and what it must never carry.</summary>
    private static readonly Dictionary<string, (string[] MayLoad, string[] Never)> Rules = new()
    {
        [Core] = ([], [AnyAwsSdk, AspNetCore, AnySkia]),
        [Engine] = ([Core], [AnyAwsSdk, AspNetCore]),
        [Storage] = ([Core], [AspNetCore, AnySkia]),
        [Aws] = ([Core], [AspNetCore, AnySkia]),
        [Pipeline] = ([Core, Engine, Storage, Aws], [AspNetCore]),
        [Worker] = ([Core, Engine, Storage, Aws, Pipeline], [AspNetCore]),
        [Dispatcher] = ([Core, Storage, Aws], [AspNetCore, AnySkia]),
        [Portal] = ([Core, Engine, Storage, Aws, Pipeline], []),
    };

    private static readonly ProjectGraph Graph = ProjectGraph.Load(Path.Combine(RepositoryRoot.Path, "src"));

    public static TheoryData<string> Projects() => [.. Rules.Keys];

    [Fact]
    public void Every_project_in_src_has_a_rule()
    {
        Assert.Equal(Rules.Keys.Order(StringComparer.Ordinal), Graph.Names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_loads_only_the_projects_below_it(string project)
    {
        var forbidden = Graph.ProjectsReachedFrom(project).Except(Rules[project].MayLoad).ToList();

        Assert.True(forbidden.Count == 0, $"{project} must not reference {string.Join(", ", forbidden)}.");
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_carries_no_forbidden_package_or_framework(string project)
    {
        var carried = Graph.DependenciesOf(project);
        var forbidden = carried.Where(d => Rules[project].Never.Any(rule => Matches(rule, d))).ToList();

        Assert.True(forbidden.Count == 0, $"{project} must not carry {string.Join(", ", forbidden)}, yet gets it through its references.");
    }

    [Fact]
    public void The_reader_sees_what_the_rules_forbid()
    {
        // Without this, a reader that found nothing would pass every rule above.
        Assert.Contains(AspNetCore, Graph.DependenciesOf(Portal));
        Assert.Contains(Graph.DependenciesOf(Worker), d => Matches(AnySkia, d));
        Assert.Contains(Graph.DependenciesOf(Dispatcher), d => Matches(AnyAwsSdk, d));
        Assert.Contains(Engine, Graph.ProjectsReachedFrom(Worker));
    }

    private static bool Matches(string rule, string dependency) =>
        rule.EndsWith('*')
            ? dependency.StartsWith(rule[..^1], StringComparison.OrdinalIgnoreCase)
            : dependency.Equals(rule, StringComparison.OrdinalIgnoreCase);
}
