using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>Every template under deploy/ is one CloudFormation accepts: types, properties and references.</summary>
public sealed class TemplateSpecTests
{
    public static TheoryData<string> Templates() => [.. RepoPaths.Templates().Select(RepoPaths.Relative)];

    [Fact]
    public void There_is_a_template()
    {
        Assert.Contains(RepoPaths.Relative(RepoPaths.Template), RepoPaths.Templates().Select(RepoPaths.Relative));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_matches_the_resource_specification(string template)
    {
        var problems = CfnValidator.Check(CfnTemplate.Load(Path.Combine(RepoPaths.Root, template)));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Stack.ConfigurationNames), MemberType = typeof(Stack))]
    public void Every_configuration_resolves_without_dangling_references_or_cycles(string configuration)
    {
        var resolved = Stack.Resolve(configuration);

        var problems = DependencyGraph.Problems(resolved);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.All(["Bucket", "DispatcherFunction", "Cluster", "WorkerTaskDefinition", "WorkerTaskRole", "SweepSchedule"], r => Assert.True(resolved.Has(r), $"{configuration} lacks {r}"));
    }

    [Fact]
    public void Optional_parts_come_and_go_with_their_parameters()
    {
        var defaults = Stack.Resolve("defaults");
        var existing = Stack.Resolve("existing network");
        var portal = Stack.Resolve("portal over http");

        Assert.True(defaults.Has("Vpc") && defaults.Has("PublicSubnet2") && defaults.Has("WorkerSecurityGroup"));
        Assert.False(existing.Has("Vpc") || existing.Has("PublicSubnet1") || existing.Has("WorkerSecurityGroup"));
        Assert.False(defaults.Has("PortalService") || defaults.Has("PortalLoadBalancer"));
        Assert.True(portal.Has("PortalService") && portal.Has("PortalLoadBalancer") && portal.Has("PortalTaskRole"));
    }
}
