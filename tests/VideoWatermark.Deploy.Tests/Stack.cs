using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>The stack template and the configurations a deployer can choose, each resolved as CloudFormation would.</summary>
public static class Stack
{
    public const string Bucket = "vw-test-bucket";

    private static readonly Lazy<CfnTemplate> Loaded = new(() => CfnTemplate.Load(RepoPaths.Template));

    public static CfnTemplate Template => Loaded.Value;

    /// <summary>The parameters deploy.sh always passes.</summary>
    public static Dictionary<string, string> Required() => new(StringComparer.Ordinal)
    {
        ["BucketName"] = Bucket,
        ["ArtifactsBucket"] = "vw-test-artifacts",
        ["DispatcherCodeKey"] = "dispatcher/VideoWatermark.Dispatcher-0123abcd.zip",
        ["WorkerImageDigest"] = "sha256:" + new string('a', 64),
    };

    public const string WebhookUrls = "https://hooks.example.org/videos,https://ops.example.net/in?token=abc";

    public const string WebhookSecretParameter = "/videowatermark/events/webhook-secret";

    public const string AdminPasswordParameter = "/videowatermark/portal/admin-password-hash";

    /// <summary>A portal as deploy.sh sets it up: its image and the admin password's parameter.</summary>
    private static Dictionary<string, string> Portal(Dictionary<string, string> extra)
    {
        extra["PortalImageDigest"] = "sha256:" + new string('b', 64);
        extra.TryAdd("PortalAdminPasswordParameter", AdminPasswordParameter);
        return With(extra);
    }

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Configurations =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["defaults"] = Required(),
            ["existing network"] = With(new()
            {
                ["ExistingVpcId"] = "vpc-0abc",
                ["ExistingSubnet1"] = "subnet-01",
                ["ExistingSubnet2"] = "subnet-02",
                ["ExistingSecurityGroup"] = "sg-0123",
                ["AssignPublicIp"] = "DISABLED",
            }),
            ["existing subnets, new security group"] = With(new()
            {
                ["ExistingVpcId"] = "vpc-0abc",
                ["ExistingSubnet1"] = "subnet-01",
                ["ExistingSubnet2"] = "subnet-02",
            }),
            ["portal over http"] = Portal(new() { ["PortalAllowInsecureHttp"] = "true" }),
            ["portal over https, spot, big disk, output prefix"] = Portal(new()
            {
                ["PortalCertificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                ["PortalDomainName"] = "portal.example.org",
                ["PortalOrigin"] = "https://videos.example.org",
                ["UseFargateSpot"] = "true",
                ["EphemeralStorageGiB"] = "50",
                ["OutputPrefix"] = "processed/",
            }),
            ["webhooks, portal over https"] = Portal(new()
            {
                ["PortalCertificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                ["PortalDomainName"] = "portal.example.org",
                ["WebhookUrls"] = WebhookUrls,
                ["WebhookSecretParameter"] = WebhookSecretParameter,
            }),
            ["webhooks, no portal"] = With(new()
            {
                ["WebhookUrls"] = WebhookUrls,
                ["WebhookSecretParameter"] = WebhookSecretParameter,
                ["WebhookAllowPrivateTargets"] = "true",
            }),
            ["portal elsewhere"] = With(new() { ["PortalOrigin"] = "http://localhost:5000" }),
            ["portal with OpenID Connect on an existing network, arm64, alarms"] = Portal(new()
            {
                ["ExistingVpcId"] = "vpc-0abc",
                ["ExistingSubnet1"] = "subnet-01",
                ["ExistingSubnet2"] = "subnet-02",
                ["PortalCertificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                ["PortalDomainName"] = "portal.example.org",
                ["PortalAdminPasswordParameter"] = "",
                ["PortalOidcAuthority"] = "https://login.example.org",
                ["PortalOidcClientId"] = "videos",
                ["PortalOidcClientSecretParameter"] = "/videowatermark/portal/oidc-client-secret",
                ["PortalOidcAdminUsers"] = "ann@example.org",
                ["Architecture"] = "arm64",
                ["AlarmEmail"] = "ops@example.org",
                ["DispatcherReservedConcurrency"] = "20",
                ["ContainerInsights"] = "enabled",
            }),
        };

    public static ResolvedTemplate Resolve(string configuration) => Template.Resolve(Configurations[configuration]);

    public static TheoryData<string> ConfigurationNames() => [.. Configurations.Keys];

    private static Dictionary<string, string> With(Dictionary<string, string> extra)
    {
        var all = Required();
        foreach (var (key, value) in extra)
        {
            all[key] = value;
        }

        return all;
    }
}
