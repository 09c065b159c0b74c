using System.Diagnostics;
using System.Globalization;
using VideoWatermark.Testing.Processes;
using Xunit;

namespace VideoWatermark.Testing.S3;

/// <summary>
/// moto's S3 server (<c>moto_server</c>, pip <c>moto[server]</c>) on 127.0.0.1, on a free port, in memory. Unlike
/// s3rver it honours <c>If-Match</c> and <c>If-None-Match</c> on PUT, so it is where conditional writes are shown to
/// hold. Its one bucket, <see cref="DefaultBucket"/>, exists before <see cref="StartAsync"/> returns. Any key pair is
/// accepted; use path-style addressing against <see cref="Endpoint"/>.
/// </summary>
public sealed class MotoServer : IAsyncLifetime, IAsyncDisposable
{
    public const string AccessKeyId = "testing";
    public const string SecretAccessKey = "testing";
    public const string Region = "us-east-1";
    public const string DefaultBucket = "moto-bucket";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ProcessOutput output = new();
    private ServerProcess? process;

    public string Bucket { get; } = DefaultBucket;

    public int Port { get; private set; }

    /// <summary><c>http://127.0.0.1:port</c>: the S3 endpoint, path style.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <summary>The configuration keys that point the storage at <see cref="Bucket"/>, as for s3rver.</summary>
    public IReadOnlyDictionary<string, string?> StorageSettings => S3StorageSettings.For(Endpoint, Bucket, Region);

    /// <summary>Lines moto printed, for failure messages.</summary>
    public string Output => output.Text;

    public static async Task<MotoServer> StartAsync()
    {
        var server = new MotoServer();
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var running = process;
        process = null;
        if (running is null)
        {
            return;
        }

        await running.DisposeAsync();
    }

    Task IAsyncLifetime.InitializeAsync() => StartProcessAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private async Task StartProcessAsync()
    {
        Port = FreePort.Next();
        var start = new ProcessStartInfo("moto_server");
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        process = ServerProcess.Start(start, output, "moto_server was not found on PATH: scripts/test.sh installs it (pip 'moto[server]').");
        await process.WaitUntilAnsweringAsync($"moto_server on port {Port}", new Uri(Endpoint, "/moto-api/"), StartTimeout);

        // moto takes unsigned requests, so the bucket needs no SDK here.
        using var http = new HttpClient();
        using var created = await http.PutAsync(new Uri(Endpoint, "/" + Bucket), content: null);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"moto_server did not create bucket {Bucket}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
    }
}
