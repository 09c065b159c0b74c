using System.Text.Json;
using System.Text.Json.Nodes;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// AWS's own linter, cfn-lint, over the template as each deploy.sh choice fills it in: network created or existing,
/// no portal, a portal over HTTPS or knowingly over HTTP (admin password, OpenID Connect), Spot, both CPUs. Each
/// choice is a copy of the template whose parameter defaults are that choice, so one cfn-lint process checks all of
/// them (cfn-lint also walks every condition branch of each). Nothing may be reported, not even information: a
/// finding kept on purpose is suppressed in the template's Metadata with its reason.
/// </summary>
public sealed class CfnLintTests
{
    private const string Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    /// <summary>A pairwise cover of deploy.sh's choices (every two choices meet in some variant).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Variants =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["new-network"] = new Dictionary<string, string>(),
            ["existing-network-spot-arm64"] = Existing(new() { ["UseFargateSpot"] = "true", ["Architecture"] = "arm64", ["ExistingSecurityGroup"] = "sg-0123456789abcdef0", ["AssignPublicIp"] = "DISABLED" }),
            ["new-network-https-admin-spot"] = new Dictionary<string, string>(Https()) { ["UseFargateSpot"] = "true", ["PortalAdminPasswordParameter"] = "/videowatermark/portal/admin-password-hash" },
            ["existing-network-https-oidc-arm64-alarms"] = Existing(new(Https())
            {
                ["Architecture"] = "arm64",
                ["PortalOidcAuthority"] = "https://login.example.org",
                ["PortalOidcClientId"] = "videos",
                ["PortalOidcClientSecretParameter"] = "/videowatermark/portal/oidc-client-secret",
                ["PortalOidcAdminClaim"] = "groups=video-admins",
                ["AlarmEmail"] = "ops@example.org",
                ["ContainerInsights"] = "enabled",
                ["DispatcherReservedConcurrency"] = "20",
            }),
            ["new-network-insecure-admin-arm64-alarms"] = new Dictionary<string, string>
            {
                ["PortalImageDigest"] = Digest('b'),
                ["PortalAllowInsecureHttp"] = "true",
                ["PortalAdminPasswordParameter"] = "/videowatermark/portal/admin-password-hash",
                ["Architecture"] = "arm64",
                ["AlarmEmail"] = "ops@example.org",
            },
            ["existing-network-insecure-both-sign-ins-spot"] = Existing(new()
            {
                ["PortalImageDigest"] = Digest('b'),
                ["PortalAllowInsecureHttp"] = "true",
                ["PortalDomainName"] = "videos.example.org",
                ["PortalAdminPasswordParameter"] = "/videowatermark/portal/admin-password-hash",
                ["PortalOidcAuthority"] = "https://login.example.org",
                ["PortalOidcClientId"] = "videos",
                ["PortalOidcAdminUsers"] = "ann@example.org,bob",
                ["UseFargateSpot"] = "true",
                ["OutputPrefix"] = "processed/",
                ["EphemeralStorageGiB"] = "60",
            }),
        };

    private static string Digest(char c) => "sha256:" + new string(c, 64);

    private static Dictionary<string, string> Https() => new()
    {
        ["PortalImageDigest"] = Digest('b'),
        ["PortalCertificateArn"] = Certificate,
        ["PortalDomainName"] = "videos.example.org",
    };

    private static Dictionary<string, string> Existing(Dictionary<string, string> extra)
    {
        extra["ExistingVpcId"] = "vpc-0123456789abcdef0";
        extra["ExistingSubnet1"] = "subnet-0123456789abcdef0";
        extra["ExistingSubnet2"] = "subnet-0123456789abcdef1";
        return extra;
    }

    /// <summary>The template with these values as its parameters' defaults (plus what deploy.sh always passes).</summary>
    private static JsonObject Variant(IReadOnlyDictionary<string, string> values)
    {
        var template = CfnYaml.Load(RepoPaths.Template);
        var parameters = template["Parameters"]!.AsObject();
        var all = new Dictionary<string, string>(Stack.Required(), StringComparer.Ordinal)
        {
            ["ArtifactsBucket"] = "videowatermark-artifacts-123456789012-us-east-1",
            ["BucketName"] = "videowatermark-123456789012-us-east-1",
        };
        foreach (var (key, value) in values)
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            var parameter = parameters[key]?.AsObject() ?? throw new ArgumentException($"{key} is not a template parameter");
            parameter["Default"] = value;
        }

        return template;
    }

    [Fact]
    public async Task Every_deploy_choice_lints_clean_with_cfn_lint()
    {
        var found = await ProcessRun.RunAsync("bash", ["-c", "command -v cfn-lint"], RepoPaths.Root);
        Assert.True(found.ExitCode == 0, "cfn-lint is not installed (pip install cfn-lint; ./scripts/test.sh installs it): the template must pass AWS's own linter.");

        var dir = Directory.CreateTempSubdirectory("vw-cfn-lint-");
        try
        {
            var files = new List<string>();
            foreach (var (name, values) in Variants)
            {
                var path = Path.Combine(dir.FullName, name + ".json");
                await File.WriteAllTextAsync(path, Variant(values).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                files.Add(path);
            }

            // A canary: a variant with a property CloudFormation does not have must be reported, or the run proves nothing.
            var canary = Variant(new Dictionary<string, string>());
            canary["Resources"]!["Cluster"]!["Properties"]!["NoSuchProperty"] = "x";
            var canaryPath = Path.Combine(dir.FullName, "canary.json");
            await File.WriteAllTextAsync(canaryPath, canary.ToJsonString());

            var result = await ProcessRun.RunAsync("cfn-lint", ["--format", "parseable", "--regions", ResolvedTemplate.Region, "--", .. files, canaryPath],
                RepoPaths.Root, timeout: TimeSpan.FromMinutes(20));

            var findings = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains(findings, f => f.StartsWith(canaryPath + ":", StringComparison.Ordinal) && f.Contains("NoSuchProperty", StringComparison.Ordinal));
            var real = findings.Where(f => !f.StartsWith(canaryPath + ":", StringComparison.Ordinal)).Select(f => f.Replace(dir.FullName + "/", "", StringComparison.Ordinal)).ToList();
            Assert.True(real.Count == 0, string.Join('\n', real) + "\n" + result.StdErr);
            Assert.True(string.IsNullOrWhiteSpace(result.StdErr), result.StdErr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_variants_are_configurations_the_templates_own_rules_and_references_accept()
    {
        foreach (var (name, values) in Variants)
        {
            var all = new Dictionary<string, string>(Stack.Required(), StringComparer.Ordinal);
            foreach (var (key, value) in values)
            {
                all[key] = value;
            }

            Assert.True(DependencyGraph.Problems(Stack.Template.Resolve(all)).Count == 0, name);
        }
    }
}
