using System.Diagnostics;
using VideoWatermark.Testing.Processes;
using Xunit;

namespace VideoWatermark.Testing.S3;

/// <summary>
/// A real S3-compatible server (s3rver, from <c>tests/node</c>) on 127.0.0.1, on a free port, over its own temporary
/// folder. Its buckets exist before <see cref="StartAsync(string[])"/> returns, each with a CORS rule that lets any
/// origin PUT/GET/HEAD/POST and read the ETag, so browser tests can upload to it directly.
/// <para>
/// s3rver accepts one key pair, <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/>, and checks SigV4 signatures
/// (headers and presigned query strings). Use path-style addressing against <see cref="Endpoint"/>.
/// </para>
/// <para>
/// As an xunit fixture (<c>IClassFixture&lt;S3rverServer&gt;</c>) it starts with one bucket, <see cref="DefaultBucket"/>.
/// Otherwise: <c>await using var s3 = await S3rverServer.StartAsync("my-bucket");</c>.
/// <see cref="StopAsync"/> and <see cref="RestartAsync"/> take it down and bring it back on the same port and folder,
/// with its objects, for fault tests.
/// </para>
/// </summary>
public sealed class S3rverServer : IAsyncLifetime, IAsyncDisposable
{
    public const string AccessKeyId = "S3RVER";
    public const string SecretAccessKey = "S3RVER";
    public const string Region = "us-east-1";
    public const string DefaultBucket = "test-bucket";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ProcessOutput output = new();
    private ServerProcess? process;
    private bool ownsDirectory;

    /// <summary>For xunit's fixture machinery; call <see cref="StartAsync(string[])"/> in code instead.</summary>
    public S3rverServer()
        : this([DefaultBucket])
    {
    }

    private S3rverServer(IReadOnlyList<string> buckets)
    {
        if (buckets.Count == 0)
        {
            throw new ArgumentException("Name at least one bucket.", nameof(buckets));
        }

        Buckets = buckets;
        DataDirectory = System.IO.Path.Combine(TempFolder.RunRoot, "s3rver-" + Guid.NewGuid().ToString("N"));
        ownsDirectory = true;
    }

    /// <summary>The buckets created at start; the first one is <see cref="Bucket"/>.</summary>
    public IReadOnlyList<string> Buckets { get; }

    public string Bucket => Buckets[0];

    /// <summary>The folder s3rver keeps its objects in; deleted on dispose.</summary>
    public string DataDirectory { get; }

    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:port</c>, no trailing slash: the S3 endpoint (service URL) to use, path style.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => process is { IsRunning: true };

    /// <summary>
    /// The agreed configuration keys that point the storage at this server's <see cref="Bucket"/>. Credentials are not
    /// configuration: give the client <see cref="AccessKeyId"/>/<see cref="SecretAccessKey"/> yourself.
    /// </summary>
    public IReadOnlyDictionary<string, string?> StorageSettings => S3StorageSettings.For(Endpoint, Bucket, Region);

    /// <summary>Lines s3rver printed (requests and errors), for failure messages.</summary>
    public string Output => output.Text;

    /// <summary>Starts a server with these buckets (default: <see cref="DefaultBucket"/>) and waits until it answers.</summary>
    public static async Task<S3rverServer> StartAsync(params string[] buckets)
    {
        var server = new S3rverServer(buckets.Length == 0 ? [DefaultBucket] : buckets);
        try
        {
            await server.RestartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the server; its port and folder stay reserved for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        var running = process;
        process = null;
        if (running is null)
        {
            return;
        }

        await running.DisposeAsync();
    }

    /// <summary>Starts the server (again) on the same port and folder, and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            return;
        }

        if (Port == 0)
        {
            Port = FreePort.Next();
        }

        Directory.CreateDirectory(DataDirectory);
        var script = ScriptPath();
        var cors = System.IO.Path.Combine(DataDirectory, "..", $"s3rver-cors-{Port}.xml");
        await File.WriteAllTextAsync(cors, CorsConfiguration);

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            WorkingDirectory = System.IO.Path.GetDirectoryName(script)!,
        };
        // s3rver's continuation tokens are DES-encrypted, which OpenSSL 3 leaves to its legacy provider: without it a
        // listing of more than one page (1,000 keys) fails with a 500.
        start.Environment["NODE_OPTIONS"] = "--openssl-legacy-provider";

        // s3rver runs inside a small wrapper that exits when its stdin closes: if the test host dies without
        // disposing this fixture, the server goes with it instead of holding its port for the next run. The wrapper
        // also makes its PUTs replace an object whole, as S3 does (tests/node/s3rver-atomic-put.js).
        foreach (var arg in new[] { "-e", Wrapper(), "--", script, "-d", DataDirectory, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-vhost-buckets" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var bucket in Buckets)
        {
            start.ArgumentList.Add("--configure-bucket");
            start.ArgumentList.Add(bucket);
            start.ArgumentList.Add(cors);
        }

        process = ServerProcess.Start(
            start,
            output,
            "node was not found on PATH: the S3 tests need Node.js to run s3rver (scripts/test.sh installs it).");

        try
        {
            // An anonymous listing is refused, but any HTTP answer means the server is up and the buckets exist:
            // s3rver configures them before it listens.
            await process.WaitUntilAnsweringAsync($"s3rver on port {Port}", new Uri(Endpoint, "/"), StartTimeout);
        }
        catch
        {
            await StopAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (ownsDirectory)
        {
            ownsDirectory = false;
            TryDelete(DataDirectory);
            var cors = System.IO.Path.Combine(DataDirectory, "..", $"s3rver-cors-{Port}.xml");
            if (File.Exists(cors))
            {
                File.Delete(cors);
            }
        }
    }

    Task IAsyncLifetime.InitializeAsync() => RestartAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static string Wrapper()
    {
        var atomicPut = System.IO.Path.Combine(RepositoryRoot.Path, "tests", "node", "s3rver-atomic-put.js");
        return "process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); " +
            $"require({System.Text.Json.JsonSerializer.Serialize(atomicPut)})(process.argv[1]); require(process.argv[1]);";
    }

    private const string CorsConfiguration = """
        <CORSConfiguration>
          <CORSRule>
            <AllowedOrigin>*</AllowedOrigin>
            <AllowedMethod>PUT</AllowedMethod>
            <AllowedMethod>GET</AllowedMethod>
            <AllowedMethod>HEAD</AllowedMethod>
            <AllowedMethod>POST</AllowedMethod>
            <AllowedHeader>*</AllowedHeader>
            <ExposeHeader>ETag</ExposeHeader>
            <MaxAgeSeconds>3000</MaxAgeSeconds>
          </CORSRule>
        </CORSConfiguration>
        """;

    private static string ScriptPath()
    {
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "tests", "node", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                "s3rver is not installed: run `npm ci` in tests/node (scripts/test.sh does) before the S3 tests.");
        }

        return script;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
