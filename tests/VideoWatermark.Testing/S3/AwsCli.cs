using VideoWatermark.Testing.Processes;

namespace VideoWatermark.Testing.S3;

/// <summary>
/// The real AWS CLI (<c>aws</c>, pip <c>awscli</c>) as the S3 client that drops videos, with a configuration of its
/// own in a temporary folder (dummy keys, the test server's endpoint) so the machine's AWS settings never apply.
/// Its multipart threshold stays the CLI's default, 8 MB.
/// </summary>
public sealed class AwsCli : IDisposable
{
    private readonly TempFolder folder = new("aws");
    private readonly Uri endpoint;
    private readonly Dictionary<string, string?> environment;

    public AwsCli(Uri endpoint, string accessKeyId, string secretAccessKey, string region)
    {
        this.endpoint = endpoint;
        var config = folder.File("config");
        var credentials = folder.File("credentials");
        File.WriteAllText(config, $"[default]\nregion = {region}\ns3 =\n    addressing_style = path\n");
        File.WriteAllText(credentials, $"[default]\naws_access_key_id = {accessKeyId}\naws_secret_access_key = {secretAccessKey}\n");
        environment = new Dictionary<string, string?>
        {
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
            ["AWS_PROFILE"] = null,
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_ENDPOINT_URL"] = null,
            ["AWS_ENDPOINT_URL_S3"] = null,
            ["AWS_PAGER"] = "",
        };
    }

    /// <summary>Runs <c>aws --endpoint-url … &lt;arguments&gt;</c>; fails with what it printed unless it exits 0.</summary>
    public async Task<string> RunAsync(params string[] arguments) => (await RunForResultAsync(arguments)).StdOut;

    /// <summary>As <see cref="RunAsync"/> with <c>--debug</c>: returns the CLI's log, which names every S3 operation it called.</summary>
    public async Task<string> RunWithDebugLogAsync(params string[] arguments) => (await RunForResultAsync(["--debug", .. arguments])).StdErr;

    private async Task<ProcessResult> RunForResultAsync(string[] arguments)
    {
        var result = await ProcessRun.RunAsync("aws", ["--endpoint-url", endpoint.ToString().TrimEnd('/'), .. arguments], environment: environment, timeout: TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} exited with {result.ExitCode}:\n{result.Output}");
        }

        return result;
    }

    public void Dispose() => folder.Dispose();
}
