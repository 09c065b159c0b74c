namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// Stand-ins for the AWS CLI and Docker (no account and no engine here): they record every call, answer the few
/// queries the scripts make the way the real CLIs do (text output), and keep what `aws s3 cp` uploads so the tests can
/// open it. Everything else the scripts run (bash, dotnet publish, zip) is real.
/// </summary>
public sealed class StubCli : IDisposable
{
    public const string Account = "123456789012";

    public StubCli()
    {
        Root = Directory.CreateTempSubdirectory("vw-stub-cli-").FullName;
        Bin = Path.Combine(Root, "bin");
        Uploads = Path.Combine(Root, "uploads");
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Uploads);
        Log = Path.Combine(Root, "calls.log");
        File.WriteAllText(Log, "");
        Write("aws", AwsScript);
        Write("docker", DockerScript);
    }

    public string Root { get; }

    public string Bin { get; }

    /// <summary>Files uploaded with <c>aws s3 cp FILE s3://bucket/key</c>, stored as <c>bucket/key</c>.</summary>
    public string Uploads { get; }

    public string Log { get; }

    /// <summary>Every call in order, as its argument list (the program name first).</summary>
    public IReadOnlyList<string[]> Calls() =>
        [.. File.ReadAllLines(Log).Where(l => l.Length > 0).Select(l => l.Split('\u001f'))];

    public IReadOnlyList<string[]> Calls(params string[] prefix) =>
        [.. Calls().Where(c => c.Length >= prefix.Length && c.Take(prefix.Length).SequenceEqual(prefix))];

    /// <summary>The value after <paramref name="option"/> in a call.</summary>
    public static string? Option(string[] call, string option) =>
        Array.IndexOf(call, option) is var i and >= 0 && i + 1 < call.Length ? call[i + 1] : null;

    /// <summary>The digest the stub registry gives an image (what <c>aws ecr describe-images</c> answers for it).</summary>
    public static string Digest(string repositoryAndTag) =>
        "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(repositoryAndTag)));

    /// <summary>The environment that puts the stubs first on PATH, with the given stack outputs.</summary>
    /// <param name="stackStatus">The stack's status, or null when there is no stack yet.</param>
    /// <param name="bucketExists">Whether the pipeline's bucket answers head-bucket (it outlives its stack).</param>
    public Dictionary<string, string?> Environment(string bucket, bool runningTask = false, string? stackStatus = null, bool bucketExists = false) => new()
    {
        ["PATH"] = Bin + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["STUB_LOG"] = Log,
        ["STUB_UPLOADS"] = Uploads,
        ["STUB_BUCKET"] = bucket,
        ["STUB_BUCKET_EXISTS"] = bucketExists ? "1" : "",
        ["STUB_STACK_STATUS"] = stackStatus ?? "",
        ["STUB_TASKS"] = runningTask ? $"arn:aws:ecs:us-east-1:{Account}:task/c/abc" : "",
        ["AWS_REGION"] = null,
        ["AWS_PROFILE"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void Write(string name, string script)
    {
        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private const string Record = """
        #!/usr/bin/env bash
        set -euo pipefail
        ( IFS=$'\x1f'; printf '%s\n' "$(basename "$0")$IFS$*" ) >> "$STUB_LOG"

        """;

    private static readonly string AwsScript = Record + """
        region="${AWS_REGION:-us-east-1}"
        option() { local want="$1"; shift; while [ $# -gt 1 ]; do [ "$1" = "$want" ] && { echo "$2"; return; }; shift; done; }
        case "$1 $2" in
          "sts get-caller-identity") echo "123456789012" ;;
          "s3api head-bucket")
            if [ -n "$STUB_BUCKET_EXISTS" ] && [ "$(option --bucket "$@")" = "$STUB_BUCKET" ]; then exit 0; fi
            exit 254 ;;
          "s3api head-object") exit 254 ;;
          "s3api list-multipart-uploads") echo "None" ;;
          "s3api list-object-versions")
            # One object version the first time, then an empty bucket.
            if [ -e "$STUB_LOG.listed" ]; then echo '{"Objects": []}'
            else touch "$STUB_LOG.listed"; echo '{"Objects": [{"Key": "clip.mp4", "VersionId": "v1"}]}'; fi ;;
          "iam get-role") echo "An error occurred (NoSuchEntity)" >&2; exit 254 ;;
          "ssm get-parameter") echo "An error occurred (ParameterNotFound)" >&2; exit 254 ;;
          "lambda get-account-settings") echo "10" ;;
          "ecr describe-images")
            repo="$(option --repository-name "$@")"; tag="$(option --image-ids "$@")"
            printf 'sha256:%s\n' "$(printf '%s' "$repo:${tag#imageTag=}" | sha256sum | cut -d' ' -f1)" ;;
          "s3 cp")
            src="$3"; dst="${4#s3://}"
            if [ -f "$src" ]; then mkdir -p "$STUB_UPLOADS/$(dirname "$dst")"; cp "$src" "$STUB_UPLOADS/$dst"; fi ;;
          "ecr describe-repositories") echo "An error occurred (RepositoryNotFoundException)" >&2; exit 254 ;;
          "ecr create-repository")
            shift 2
            while [ $# -gt 0 ]; do [ "$1" = "--repository-name" ] && name="$2"; shift; done
            echo "123456789012.dkr.ecr.$region.amazonaws.com/$name" ;;
          "ecr get-login-password") echo "stub-password" ;;
          "ecs list-tasks") echo "$STUB_TASKS" ;;
          "cloudformation describe-stacks")
            # The stack exists once the script has deployed it.
            if [ -z "$STUB_STACK_STATUS" ] && grep -q "cloudformation"$'\x1f'"deploy" "$STUB_LOG"; then STUB_STACK_STATUS=CREATE_COMPLETE; fi
            [ -n "$STUB_STACK_STATUS" ] || { echo "An error occurred (ValidationError): Stack with id x does not exist" >&2; exit 254; }
            case "$*" in
              *StackStatus*) echo "$STUB_STACK_STATUS" ;;
              *"'BucketName'"*) echo "$STUB_BUCKET" ;;
              *"'ClusterName'"*) echo "videowatermark-Cluster-XYZ" ;;
              *"'SweepRuleName'"*) echo "videowatermark-SweepSchedule-XYZ" ;;
              *"'PortalUrl'"*) echo "https://videos.example.org" ;;
              *"'PortalLoadBalancerDnsName'"*) echo "videowatermark-Portal-ABC-123.$region.elb.amazonaws.com" ;;
              *"'FailedEventsQueueUrl'"*) echo "https://sqs.$region.amazonaws.com/123456789012/failed" ;;
            esac ;;
        esac
        exit 0
        """;

    private static readonly string DockerScript = Record + """
        if [ "${1:-}" = "login" ]; then cat >/dev/null; fi
        if [ "${1:-} ${2:-} ${3:-}" = "buildx imagetools inspect" ]; then
          printf 'sha256:%s\n' "$(printf '%s' "$4" | sha256sum | cut -d' ' -f1)"
        fi
        exit 0
        """;
}
