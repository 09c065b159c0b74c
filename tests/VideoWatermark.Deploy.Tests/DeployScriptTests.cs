using System.IO.Compression;
using VideoWatermark.Core;
using VideoWatermark.Core.Watermarks;
using VideoWatermark.Deploy.Tests.Cfn;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// deploy.sh and teardown.sh, run for real with bash, dotnet publish and zip, against stand-ins for the AWS CLI and
/// Docker: what they would upload, push and deploy is checked against the template and the code.
/// </summary>
public sealed class DeployScriptTests : IClassFixture<DeployScriptTests.DeployRun>
{
    private const string Bucket = "vw-test-bucket";
    private const string Domain = "videos.example.org";
    private const string Certificate = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    public const string AdminPassword = "correct horse battery staple";
    private readonly DeployRun run;

    public DeployScriptTests(DeployRun run) => this.run = run;

    /// <summary>One full deploy with the portal, shared by the tests that read what it did.</summary>
    public sealed class DeployRun : IAsyncLifetime
    {
        public StubCli Cli { get; } = new();

        public ProcessResult Result { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Result = await ProcessRun.RunAsync("bash",
                [RepoPaths.DeployScript, "--region", ResolvedTemplate.Region, "--bucket", Bucket, "--tag", "t1", "--portal",
                    "--domain", Domain, "--certificate", Certificate, "--param", "WorkerCpu=2048"],
                RepoPaths.Root, Cli.Environment(Bucket), TimeSpan.FromMinutes(15), AdminPassword + "\n");

        public Task DisposeAsync()
        {
            Cli.Dispose();
            return Task.CompletedTask;
        }
    }

    private string[] DeployCall() => Assert.Single(run.Cli.Calls("aws", "cloudformation", "deploy"));

    private Dictionary<string, string> Overrides() => Overrides(DeployCall());

    private static Dictionary<string, string> Overrides(string[] call)
    {
        var start = Array.IndexOf(call, "--parameter-overrides") + 1;
        return call[start..].TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(a => a[..a.IndexOf('=', StringComparison.Ordinal)], a => a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public void Deploys_the_template_with_named_IAM_and_prints_where_things_are()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var deploy = DeployCall();
        Assert.Equal(RepoPaths.Template, StubCli.Option(deploy, "--template-file"));
        Assert.Equal("CAPABILITY_NAMED_IAM", StubCli.Option(deploy, "--capabilities"));
        Assert.Equal("videowatermark", StubCli.Option(deploy, "--stack-name"));
        Assert.Contains($"Bucket:     {Bucket}", run.Result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"Portal:     https://{Domain}", run.Result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"point {Domain} at videowatermark-Portal-ABC-123.", run.Result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Passes_every_template_parameter_explicitly_so_nothing_sticks_from_an_earlier_run()
    {
        var overrides = Overrides();
        var defaults = Stack.Template.ParameterDefaults();

        Assert.Equal(defaults.Keys.Order(StringComparer.Ordinal), overrides.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("--use-previous-value", DeployCall());
        Assert.Equal("2048", overrides["WorkerCpu"]);
        Assert.Equal("x86_64", overrides["Architecture"]);
        Assert.Equal(Domain, overrides["PortalDomainName"]);
        Assert.Equal(Certificate, overrides["PortalCertificateArn"]);
        Assert.Equal("false", overrides["PortalAllowInsecureHttp"]);
        // The stub account's whole Lambda limit is 10, as in a new account: nothing can be reserved.
        Assert.Equal("0", overrides["DispatcherReservedConcurrency"]);
        // Untouched parameters go with the template's own default, spelled as CloudFormation reads it.
        Assert.Equal(defaults["VpcCidr"], overrides["VpcCidr"]);
        Assert.Empty(DependencyGraph.Problems(Stack.Template.Resolve(overrides)));
    }

    [Fact]
    public void The_task_definitions_run_the_pushed_images_by_digest_built_from_pinned_base_images()
    {
        var overrides = Overrides();
        var stack = Stack.Template.Resolve(overrides);
        var pushed = run.Cli.Calls("docker", "push").Select(c => c[2]).ToList();

        foreach (var (task, repository) in new[] { ("WorkerTaskDefinition", "WorkerRepository"), ("PortalTaskDefinition", "PortalRepository") })
        {
            var image = stack.Render(stack.Properties(task)["ContainerDefinitions"]![0]!["Image"]);
            var tagged = Assert.Single(pushed, p => p.EndsWith($"/{overrides[repository]}:t1", StringComparison.Ordinal));
            Assert.Equal($"{tagged[..^":t1".Length]}@{StubCli.Digest(overrides[repository] + ":t1")}", image);
        }

        var builds = run.Cli.Calls("docker", "build");
        Assert.Equal(2, builds.Count);
        Assert.Contains(builds, b => StubCli.Option(b, "-f") == RepoPaths.WorkerDockerfile && b[^1] == RepoPaths.Root);
        Assert.Contains(builds, b => StubCli.Option(b, "-f") == RepoPaths.PortalDockerfile && b[^1] == RepoPaths.Root);
        Assert.All(builds, b => Assert.Equal("linux/amd64", StubCli.Option(b, "--platform")));
        Assert.All(builds, b =>
        {
            var arguments = b.Where((_, i) => i > 0 && b[i - 1] == "--build-arg").ToList();
            Assert.Equal(2, arguments.Count);
            Assert.All(arguments, a => Assert.Matches("^(SDK|RUNTIME)_IMAGE=[^@]+:[^@]+@sha256:[0-9a-f]{64}$", a));
        });

        // Each image is pinned from the base its own Dockerfile names (the portal's is the worker's Debian, not aspnet).
        Assert.All(builds, b =>
        {
            var defaults = Docker.Dockerfile.Load(StubCli.Option(b, "-f")!).GlobalArguments;
            var pinned = b.Where((_, i) => i > 0 && b[i - 1] == "--build-arg").Select(a => a.Split('=', 2))
                .ToDictionary(a => a[0], a => a[1][..a[1].IndexOf('@', StringComparison.Ordinal)], StringComparer.Ordinal);
            Assert.Equal(defaults.OrderBy(d => d.Key, StringComparer.Ordinal), pinned.OrderBy(d => d.Key, StringComparer.Ordinal));
        });
    }

    [Fact]
    public void Stores_the_admin_password_hash_as_a_SecureString_the_portal_task_reads_as_its_secret()
    {
        var overrides = Overrides();
        var put = Assert.Single(run.Cli.Calls("aws", "ssm", "put-parameter"));
        var stack = Stack.Template.Resolve(overrides);
        var secret = Assert.Single(stack.Properties("PortalTaskDefinition")["ContainerDefinitions"]![0]!["Secrets"]!.AsArray())!;

        Assert.Equal("SecureString", StubCli.Option(put, "--type"));
        Assert.Equal(overrides["PortalAdminPasswordParameter"], StubCli.Option(put, "--name"));
        var hash = StubCli.Option(put, "--value")!;
        Assert.DoesNotContain(AdminPassword, hash, StringComparison.Ordinal);
        Assert.True(hash.Length > 20, hash);
        Assert.Equal("VideoWatermark__Portal__Auth__AdminPasswordHash", secret["Name"]!.ToString());
        Assert.Equal($"arn:aws:ssm:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:parameter{overrides["PortalAdminPasswordParameter"]}", stack.Render(secret["ValueFrom"]));
        Assert.True(IamPolicy.OfRole(stack, "TaskExecutionRole").Allows("ssm:GetParameters", stack.Render(secret["ValueFrom"])));
        Assert.DoesNotContain(run.Cli.Calls(), c => c.Any(a => a.Contains(AdminPassword, StringComparison.Ordinal)));
    }

    [Fact]
    public void Creates_the_ECS_service_linked_role_a_fresh_account_lacks_before_the_stack()
    {
        var calls = run.Cli.Calls().Select(c => string.Join(' ', c)).ToList();

        var create = calls.IndexOf("aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com");
        var deploy = calls.FindIndex(c => c.StartsWith("aws cloudformation deploy", StringComparison.Ordinal));
        Assert.True(create >= 0 && create < deploy, string.Join('\n', calls));
    }

    [Fact]
    public void The_artifacts_bucket_is_private_TLS_only_and_forgets_old_packages()
    {
        var artifacts = Overrides()["ArtifactsBucket"];
        var policy = StubCli.Option(Assert.Single(run.Cli.Calls("aws", "s3api", "put-bucket-policy")), "--policy")!;
        var lifecycle = StubCli.Option(Assert.Single(run.Cli.Calls("aws", "s3api", "put-bucket-lifecycle-configuration")), "--lifecycle-configuration")!;

        using var document = System.Text.Json.JsonDocument.Parse(policy);
        var statement = document.RootElement.GetProperty("Statement")[0];
        Assert.Equal("Deny", statement.GetProperty("Effect").GetString());
        Assert.Equal("false", statement.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString());
        Assert.Contains($"arn:aws:s3:::{artifacts}/*", statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()));
        using var rules = System.Text.Json.JsonDocument.Parse(lifecycle);
        var rule = rules.RootElement.GetProperty("Rules")[0];
        Assert.Equal("dispatcher/", rule.GetProperty("Filter").GetProperty("Prefix").GetString());
        Assert.InRange(rule.GetProperty("Expiration").GetProperty("Days").GetInt32(), 30, 365);
        Assert.StartsWith("dispatcher/", Overrides()["DispatcherCodeKey"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rolled_back_stack_is_deleted_first_and_an_insecure_OIDC_portal_says_what_it_is()
    {
        using var cli = new StubCli();
        var environment = cli.Environment(Bucket, stackStatus: "ROLLBACK_COMPLETE");
        environment["OIDC_CLIENT_SECRET"] = "s3cret-client";

        var result = await ProcessRun.RunAsync("bash",
            [RepoPaths.DeployScript, "--region", "eu-west-1", "--bucket", Bucket, "--tag", "t2", "--skip-images", "--arch", "arm64", "--spot",
                "--portal", "--insecure-http", "--oidc-authority", "https://login.example.org", "--oidc-client-id", "videos",
                "--oidc-admin-claim", "groups=video-admins"],
            RepoPaths.Root, environment, TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = cli.Calls().Select(c => string.Join(' ', c)).ToList();
        var delete = calls.IndexOf("aws cloudformation delete-stack --stack-name videowatermark");
        var deploy = calls.FindIndex(c => c.StartsWith("aws cloudformation deploy", StringComparison.Ordinal));
        Assert.True(delete >= 0 && delete < deploy && calls[delete + 1] == "aws cloudformation wait stack-delete-complete --stack-name videowatermark", string.Join('\n', calls));
        Assert.Contains("WARNING: --insecure-http: the portal is plain HTTP. Passwords", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(cli.Calls("docker", "build"));

        var overrides = Overrides(Assert.Single(cli.Calls("aws", "cloudformation", "deploy")));
        Assert.Equal(("arm64", "true", "true", "", ""), (overrides["Architecture"], overrides["UseFargateSpot"], overrides["PortalAllowInsecureHttp"], overrides["PortalCertificateArn"], overrides["PortalAdminPasswordParameter"]));
        Assert.Equal(StubCli.Digest("videowatermark-worker:t2"), overrides["WorkerImageDigest"]);
        Assert.Equal(StubCli.Digest("videowatermark-portal:t2"), overrides["PortalImageDigest"]);
        var secret = Assert.Single(cli.Calls("aws", "ssm", "put-parameter"));
        Assert.Equal((overrides["PortalOidcClientSecretParameter"], "s3cret-client", "SecureString"), (StubCli.Option(secret, "--name"), StubCli.Option(secret, "--value"), StubCli.Option(secret, "--type")));

        var stack = Stack.Template.Resolve(overrides);
        Assert.Empty(DependencyGraph.Problems(stack));
        Assert.Equal("ARM64", stack.Render(stack.Properties("WorkerTaskDefinition")["RuntimePlatform"]!["CpuArchitecture"]));
        Assert.Equal(["arm64"], stack.RenderList(stack.Properties("DispatcherFunction")["Architectures"]));
        Assert.Equal("HTTP", stack.Render(stack.Properties("PortalListener")["Protocol"]));
    }

    [Theory]
    [InlineData("--portal", "--portal needs HTTPS (--domain NAME --certificate ARN) or, knowingly, --insecure-http")]
    [InlineData("--portal --certificate arn:aws:acm:us-east-1:123456789012:certificate/abc", "--certificate needs --domain")]
    [InlineData("--portal --oidc-authority https://login.example.org --insecure-http", "--oidc-authority needs --oidc-client-id")]
    [InlineData("--insecure-http", "go with --portal")]
    [InlineData("--arch riscv", "--arch must be x86_64 or arm64")]
    [InlineData("--param NoSuchParameter=1", "NoSuchParameter is not a parameter of videowatermark.yaml")]
    public async Task Portal_and_parameter_mistakes_are_refused_before_touching_AWS(string arguments, string error)
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--region", "eu-west-1", .. arguments.Split(' ')], RepoPaths.Root, cli.Environment(Bucket));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(error, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(cli.Calls());
    }

    [Fact]
    public async Task Webhooks_reach_the_stack_with_their_key_in_SSM_and_never_in_a_parameter()
    {
        using var cli = new StubCli();
        var environment = cli.Environment(Bucket);
        environment["WEBHOOK_SECRET"] = "whsec-0123456789";

        var result = await ProcessRun.RunAsync("bash",
            [RepoPaths.DeployScript, "--region", "eu-west-1", "--bucket", Bucket, "--tag", "t3", "--skip-images",
                "--webhook-url", "https://hooks.example.org/videos", "--webhook-url", "https://ops.example.net/in?token=abc"],
            RepoPaths.Root, environment, TimeSpan.FromMinutes(10));

        Assert.True(result.ExitCode == 0, result.ToString());
        var deploy = Assert.Single(cli.Calls("aws", "cloudformation", "deploy"));
        var overrides = Overrides(deploy);
        Assert.Equal("https://hooks.example.org/videos,https://ops.example.net/in?token=abc", overrides["WebhookUrls"]);
        Assert.Equal("/videowatermark/events/webhook-secret", overrides["WebhookSecretParameter"]);
        Assert.Equal("false", overrides["WebhookAllowPrivateTargets"]);
        var put = Assert.Single(cli.Calls("aws", "ssm", "put-parameter"));
        Assert.Equal((overrides["WebhookSecretParameter"], "whsec-0123456789", "SecureString"), (StubCli.Option(put, "--name"), StubCli.Option(put, "--value"), StubCli.Option(put, "--type")));
        Assert.DoesNotContain(deploy, a => a.Contains("whsec-0123456789", StringComparison.Ordinal));
        Assert.Matches(Stack.Template.Parameters["WebhookUrls"]!["AllowedPattern"]!.ToString(), overrides["WebhookUrls"]);
        Assert.Empty(DependencyGraph.Problems(Stack.Template.Resolve(overrides)));
    }

    [Fact]
    public async Task Webhooks_without_a_signing_key_are_refused_before_anything_is_built()
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash",
            [RepoPaths.DeployScript, "--region", "eu-west-1", "--bucket", Bucket, "--skip-images", "--webhook-url", "https://hooks.example.org/videos"],
            RepoPaths.Root, cli.Environment(Bucket), TimeSpan.FromMinutes(2));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--webhook-url needs a signing key: set WEBHOOK_SECRET", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(cli.Calls("aws", "cloudformation", "deploy"));
        Assert.Empty(cli.Calls("aws", "s3", "cp"));
    }

    [Fact]
    public void Uploads_a_Lambda_package_with_the_handler_assembly_at_its_root()
    {
        var overrides = Overrides();
        var zip = Path.Combine(run.Cli.Uploads, overrides["ArtifactsBucket"], overrides["DispatcherCodeKey"]);

        Assert.True(File.Exists(zip), $"no package uploaded at s3://{overrides["ArtifactsBucket"]}/{overrides["DispatcherCodeKey"]}");
        using var archive = ZipFile.OpenRead(zip);
        var names = archive.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("VideoWatermark.Dispatcher.dll", names);
        Assert.Contains("VideoWatermark.Dispatcher.runtimeconfig.json", names);
        Assert.Contains("VideoWatermark.Dispatcher.deps.json", names);
        Assert.Contains("VideoWatermark.Core.dll", names);
        Assert.Contains(run.Cli.Calls("aws", "s3api", "create-bucket"), c => StubCli.Option(c, "--bucket") == overrides["ArtifactsBucket"]);
    }

    [Fact]
    public void The_Lambda_package_carries_neither_the_engine_nor_ASP_NET_Core()
    {
        var overrides = Overrides();
        using var archive = ZipFile.OpenRead(Path.Combine(run.Cli.Uploads, overrides["ArtifactsBucket"], overrides["DispatcherCodeKey"]));
        var names = archive.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("VideoWatermark.Aws.dll", names);
        Assert.DoesNotContain(names, n => n.StartsWith("SkiaSharp", StringComparison.Ordinal) || n.StartsWith("VideoWatermark.Engine", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal) || n.StartsWith("VideoWatermark.Pipeline", StringComparison.Ordinal));
    }

    [Fact]
    public void Puts_the_default_watermark_where_the_dispatcher_looks_for_it()
    {
        var uploaded = Path.Combine(run.Cli.Uploads, Bucket, ObjectKeys.DefaultWatermarkKey);

        Assert.True(File.Exists(uploaded), run.Result.ToString());
        using var expected = DefaultWatermark.OpenRead();
        using var copy = new MemoryStream();
        expected.CopyTo(copy);
        Assert.Equal(copy.ToArray(), File.ReadAllBytes(uploaded));
    }

    [Fact]
    public async Task Help_and_bad_arguments_answer_without_touching_AWS()
    {
        using var cli = new StubCli();

        var help = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--help"], RepoPaths.Root, cli.Environment(Bucket));
        var unknown = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--regoin", "eu-west-1"], RepoPaths.Root, cli.Environment(Bucket));
        var noRegion = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript], RepoPaths.Root, cli.Environment(Bucket));
        var badStack = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--region", "eu-west-1", "--stack", "My_Stack"], RepoPaths.Root, cli.Environment(Bucket));

        Assert.Equal(0, help.ExitCode);
        Assert.StartsWith("Usage: deploy/deploy.sh --region REGION", help.StdOut, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("error: unknown option: --regoin", unknown.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, noRegion.ExitCode);
        Assert.Contains("error: --region is required", noRegion.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, badStack.ExitCode);
        Assert.Contains("error: --stack", badStack.StdErr, StringComparison.Ordinal);
        Assert.Empty(cli.Calls());
    }

    [Fact]
    public async Task Teardown_stops_the_sweep_and_the_workers_and_waits_then_deletes_the_stack_and_keeps_the_data()
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.DeployScript, "--delete", "--region", "eu-west-1", "--yes"], RepoPaths.Root,
            cli.Environment(Bucket, runningTask: true, stackStatus: "UPDATE_COMPLETE", bucketExists: true));

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = cli.Calls().Select(c => string.Join(' ', c)).ToList();
        var sweep = calls.IndexOf("aws events disable-rule --name videowatermark-SweepSchedule-XYZ");
        var stop = calls.FindIndex(c => c.StartsWith("aws ecs stop-task --cluster videowatermark-Cluster-XYZ --task arn:aws:ecs:", StringComparison.Ordinal));
        var stopped = calls.FindIndex(c => c.StartsWith("aws ecs wait tasks-stopped --cluster videowatermark-Cluster-XYZ --tasks arn:aws:ecs:", StringComparison.Ordinal));
        var delete = calls.IndexOf("aws cloudformation delete-stack --stack-name videowatermark");
        var wait = calls.IndexOf("aws cloudformation wait stack-delete-complete --stack-name videowatermark");
        var detach = calls.FindIndex(c => c.StartsWith($"aws s3api put-bucket-notification-configuration --bucket {Bucket}", StringComparison.Ordinal));
        Assert.True(sweep >= 0 && stop > sweep && stopped > stop && delete > stopped && wait > delete && detach > wait, string.Join('\n', calls));
        Assert.DoesNotContain(calls, c => c.Contains("delete-objects", StringComparison.Ordinal) || c.Contains("delete-bucket ", StringComparison.Ordinal) || c.StartsWith("aws s3 rm", StringComparison.Ordinal));
        Assert.Contains($"kept s3://{Bucket}", result.StdOut, StringComparison.Ordinal);
        Assert.Equal("Retain", Stack.Template.Resource("Bucket")["DeletionPolicy"]!.ToString());
        Assert.Equal("Retain", Stack.Template.Resource("Bucket")["UpdateReplacePolicy"]!.ToString());
    }

    [Fact]
    public async Task Teardown_with_delete_data_removes_every_version_and_then_the_kept_bucket()
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.TeardownScript, "--region", "eu-west-1", "--yes", "--delete-data"], RepoPaths.Root,
            cli.Environment(Bucket, stackStatus: "CREATE_COMPLETE", bucketExists: true));

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = cli.Calls().Select(c => string.Join(' ', c)).ToList();
        var deleteObjects = Assert.Single(cli.Calls("aws", "s3api", "delete-objects"));
        Assert.Equal(Bucket, StubCli.Option(deleteObjects, "--bucket"));
        Assert.Contains("\"VersionId\": \"v1\"", StubCli.Option(deleteObjects, "--delete"), StringComparison.Ordinal);
        var wait = calls.IndexOf("aws cloudformation wait stack-delete-complete --stack-name videowatermark");
        var dropBucket = calls.IndexOf($"aws s3api delete-bucket --bucket {Bucket}");
        Assert.True(wait >= 0 && dropBucket > wait, string.Join('\n', calls));
        Assert.Empty(cli.Calls("aws", "ecs", "wait"));
    }

    [Fact]
    public async Task Teardown_of_a_rolled_back_stack_without_outputs_still_deletes_it()
    {
        using var cli = new StubCli();
        var environment = cli.Environment(Bucket, stackStatus: "ROLLBACK_COMPLETE");

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.TeardownScript, "--region", "eu-west-1", "--yes"], RepoPaths.Root, environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(cli.Calls("aws", "cloudformation", "delete-stack"));
    }

    [Fact]
    public async Task Teardown_deletes_nothing_unless_confirmed()
    {
        using var cli = new StubCli();

        var result = await ProcessRun.RunAsync("bash", [RepoPaths.TeardownScript, "--region", "eu-west-1", "--delete-data"], RepoPaths.Root,
            cli.Environment(Bucket, runningTask: true, stackStatus: "CREATE_COMPLETE", bucketExists: true));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("nothing was deleted", result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain(cli.Calls(), c => c.Contains("rm") || c.Contains("delete-stack") || c.Contains("stop-task") || c.Contains("disable-rule") || c.Contains("delete-objects"));
    }

    [Theory]
    [InlineData("deploy/deploy.sh")]
    [InlineData("deploy/teardown.sh")]
    public async Task Scripts_are_shellcheck_clean(string script)
    {
        var found = await ProcessRun.RunAsync("bash", ["-c", "command -v shellcheck"], RepoPaths.Root);
        Assert.True(found.ExitCode == 0, "shellcheck is not installed (Debian package 'shellcheck'); the deploy scripts must pass it.");

        var result = await ProcessRun.RunAsync("shellcheck", ["--severity=style", script], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
