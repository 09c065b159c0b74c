using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// Events out on AWS: every process that ends jobs and delivers their events (the Lambda, the worker task, the portal
/// task) gets the same targets, and the same signing key from one SSM SecureString, never from the template or a
/// parameter; and each can reach the internet as deployed.
/// </summary>
public sealed class EventsSettingsTests
{
    /// <summary>The settings the three processes share, by their environment names, in ordinal order.</summary>
    public static readonly string[] Shared = [DispatcherEnvironment.AllowPrivateTargets, DispatcherEnvironment.PublicUrl, DispatcherEnvironment.WebhookUrls];

    private const string SecretVariable = "VideoWatermark__Events__WebhookSecret";

    private static string SecretArn => $"arn:aws:ssm:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:parameter{Stack.WebhookSecretParameter}";

    private static JsonObject Container(ResolvedTemplate stack, string taskDefinition) =>
        Assert.Single(stack.Properties(taskDefinition)["ContainerDefinitions"]!.AsArray())!.AsObject();

    private static Dictionary<string, string> Environment(ResolvedTemplate stack, string process) => process == "DispatcherFunction"
        ? stack.Properties(process)["Environment"]!["Variables"]!.AsObject().ToDictionary(v => v.Key, v => stack.Render(v.Value))
        : Container(stack, process)["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.ToString(), e => stack.Render(e!["Value"]));

    private static Dictionary<string, string> Secrets(ResolvedTemplate stack, string taskDefinition) =>
        Container(stack, taskDefinition)["Secrets"]?.AsArray().ToDictionary(s => s!["Name"]!.ToString(), s => stack.Render(s!["ValueFrom"])) ?? [];

    [Theory]
    [InlineData("webhooks, portal over https", "https://portal.example.org", "false")]
    [InlineData("webhooks, no portal", "", "true")]
    public void Every_process_that_delivers_gets_the_same_targets_and_the_key_from_SSM(string configuration, string publicUrl, string allowPrivate)
    {
        var stack = Stack.Resolve(configuration);
        var processes = stack.Has("PortalTaskDefinition")
            ? new[] { "DispatcherFunction", "WorkerTaskDefinition", "PortalTaskDefinition" }
            : ["DispatcherFunction", "WorkerTaskDefinition"];
        Assert.Equal(publicUrl.Length > 0, stack.Conditions["DeployPortal"]);

        foreach (var process in processes)
        {
            var env = Environment(stack, process);
            var options = EventsOptions.FromEnvironment(name => env.GetValueOrDefault(name));
            Assert.Equal(["https://hooks.example.org/videos", "https://ops.example.net/in?token=abc"], options.WebhookUrls);
            Assert.Equal(allowPrivate == "true", options.AllowPrivateTargets);
            Assert.Equal(publicUrl.Length > 0 ? publicUrl : null, options.PublicUrl);
            Assert.False(env.ContainsKey(SecretVariable), $"{process} has the key in plain configuration");
        }

        if (stack.Has("PortalTaskDefinition"))
        {
            Assert.Equal(stack.Render(stack.Template.Outputs["PortalUrl"]!["Value"]), Environment(stack, "DispatcherFunction")[DispatcherEnvironment.PublicUrl]);
        }

        // The containers get the key as a variable from ECS at start, read with the execution role.
        foreach (var task in processes.Skip(1))
        {
            Assert.Equal(SecretArn, Secrets(stack, task)[SecretVariable]);
        }

        Assert.True(IamPolicy.OfRole(stack, "TaskExecutionRole").Allows("ssm:GetParameters", SecretArn));

        // The Lambda is told only the parameter's name and may read that parameter alone.
        Assert.Equal(Stack.WebhookSecretParameter, Environment(stack, "DispatcherFunction")[DispatcherEnvironment.WebhookSecretParameter]);
        var lambda = IamPolicy.OfRole(stack, "DispatcherRole");
        Assert.True(lambda.Allows("ssm:GetParameter", SecretArn));
        Assert.False(lambda.Allows("ssm:GetParameter", $"arn:aws:ssm:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:parameter/videowatermark/portal/admin-password-hash"));
        Assert.False(IamPolicy.OfRole(stack, "WorkerTaskRole").Allows("ssm:GetParameter", SecretArn));
    }

    [Fact]
    public void Without_webhooks_nothing_reads_a_key_and_the_targets_are_empty()
    {
        var stack = Stack.Resolve("portal over http");

        Assert.Empty(Secrets(stack, "WorkerTaskDefinition"));
        Assert.DoesNotContain(SecretVariable, Secrets(stack, "PortalTaskDefinition").Keys);
        Assert.Equal("", Environment(stack, "DispatcherFunction")[DispatcherEnvironment.WebhookSecretParameter]);
        Assert.Empty(EventsOptions.FromEnvironment(name => Environment(stack, "WorkerTaskDefinition").GetValueOrDefault(name)).WebhookUrls);
        Assert.DoesNotContain(IamPolicy.OfRole(stack, "DispatcherRole").Grants(), g => g.Action.StartsWith("ssm:", StringComparison.Ordinal));
    }

    [Fact]
    public void No_secret_is_a_parameter_value_a_default_or_shown_back()
    {
        foreach (var (name, parameter) in Stack.Template.Parameters)
        {
            var isSecret = name.Contains("Secret", StringComparison.Ordinal) || name.Contains("Password", StringComparison.Ordinal);
            if (!isSecret)
            {
                continue;
            }

            // A secret's parameter names where it is kept: an SSM path, empty by default.
            Assert.True(name.EndsWith("Parameter", StringComparison.Ordinal), $"{name} would carry a secret itself");
            Assert.Equal("", parameter!["Default"]?.ToString());
            Assert.Equal("^(/[A-Za-z0-9_.-]+)+$|^$", parameter["AllowedPattern"]?.ToString());
        }

        Assert.True(Stack.Template.Parameters.ContainsKey("WebhookSecretParameter"));
    }

    [Fact]
    public void The_Lambda_is_outside_any_VPC_so_it_reaches_receivers_on_the_internet()
    {
        foreach (var configuration in Stack.Configurations.Keys)
        {
            Assert.Null(Stack.Resolve(configuration).Properties("DispatcherFunction")["VpcConfig"]);
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("https://hooks.example.org/videos", true)]
    [InlineData("https://hooks.example.org", true)]
    [InlineData("https://hooks.example.org:443/in?token=abc,https://ops.example.net/x", true)]
    [InlineData("http://hooks.example.org/videos", false)]
    [InlineData("https://hooks.example.org:8443/videos", false)]
    [InlineData("https://user:pass@hooks.example.org/videos", false)]
    [InlineData("https://hooks.example.org/a https://ops.example.net/b", false)]
    public void Webhook_urls_are_https_on_the_port_the_security_groups_let_out(string urls, bool allowed)
    {
        var pattern = Stack.Template.Parameters["WebhookUrls"]!["AllowedPattern"]!.ToString();

        Assert.Equal(allowed, Regex.IsMatch(urls, pattern));
        var egress = Stack.Resolve("webhooks, portal over https");
        foreach (var group in new[] { "WorkerSecurityGroup", "PortalSecurityGroup" })
        {
            var rule = Assert.Single(egress.Properties(group)["SecurityGroupEgress"]!.AsArray())!;
            Assert.Equal(("0.0.0.0/0", "443"), (egress.Render(rule["CidrIp"]), egress.Render(rule["ToPort"])));
        }
    }

    [Fact]
    public void Webhooks_without_a_key_are_refused_before_anything_is_created()
    {
        var rule = Stack.Template.Root["Rules"]!["WebhooksAreSigned"]!;

        Assert.Contains("WebhookUrls", rule["RuleCondition"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("WebhookSecretParameter", rule["Assertions"]![0]!["Assert"]!.ToJsonString(), StringComparison.Ordinal);
    }
}
