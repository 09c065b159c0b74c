using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using VideoWatermark.Deploy.Tests.Cfn;
using VideoWatermark.Testing.Processes;
using VideoWatermark.Testing.S3;

namespace VideoWatermark.Deploy.Tests;

/// <summary>
/// The built portal started with exactly the environment and secrets the template's portal task definition gives
/// it (references and secrets resolved to test values, S3 pointed at s3rver on 127.0.0.1 the way the SDK is pointed
/// elsewhere, the port the container's base image sets through ASPNETCORE_HTTP_PORTS): it must start, listen on
/// every interface, as on Fargate, and ask for a sign-in that the deployed admin password passes.
/// </summary>
public sealed partial class PortalTaskTests
{
    private const string Password = DeployScriptTests.AdminPassword;

    private static string PortalDll => Path.Combine(AppContext.BaseDirectory, "VideoWatermark.Portal.dll");

    /// <summary>What CloudFormation would put where the template refers to a resource of the stack.</summary>
    private static string Physical(string rendered) => RefPattern().Replace(rendered, m => m.Groups[1].Value switch
    {
        "Cluster" => "videowatermark-Cluster-0a1b2c",
        "WorkerTaskDefinition" => $"arn:aws:ecs:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:task-definition/videowatermark-worker:1",
        var subnet when subnet.StartsWith("PublicSubnet", StringComparison.Ordinal) => "subnet-0123456789abcdef" + subnet[^1],
        "WorkerSecurityGroup" => "sg-0123456789abcdef0",
        var other => throw new InvalidOperationException($"No test value for Ref({other})."),
    });

    [GeneratedRegex(@"Ref\(([A-Za-z0-9]+)\)")]
    private static partial Regex RefPattern();

    [Fact]
    public async Task The_portal_starts_with_its_task_definition_listens_on_every_interface_and_asks_for_a_sign_in()
    {
        var stack = Stack.Resolve("portal over https, spot, big disk, output prefix");
        var container = stack.Properties("PortalTaskDefinition")["ContainerDefinitions"]![0]!;
        var dataDir = Directory.CreateTempSubdirectory("vw-portal-task-").FullName;
        await using var s3 = await S3rverServer.StartAsync(Stack.Bucket);
        var hash = await AdminPasswordHashAsync(dataDir);
        var port = FreePort();

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container["Environment"]!.AsArray())
        {
            environment[variable!["Name"]!.ToString()] = Physical(stack.Render(variable["Value"]));
        }

        var secrets = container["Secrets"]!.AsArray().ToDictionary(s => s!["Name"]!.ToString(), s => stack.Render(s!["ValueFrom"]));
        Assert.Equal([$"arn:aws:ssm:{ResolvedTemplate.Region}:{ResolvedTemplate.AccountId}:parameter{Stack.AdminPasswordParameter}"], secrets.Values);
        environment[Assert.Single(secrets.Keys)] = hash;
        // What the container's base image and its task role provide; S3 and ECS endpoints stay on this machine.
        Assert.Equal("8080", container["PortMappings"]![0]!["ContainerPort"]!.ToString());
        environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["AWS_ACCESS_KEY_ID"] = S3rverServer.AccessKeyId;
        environment["AWS_SECRET_ACCESS_KEY"] = S3rverServer.SecretAccessKey;
        environment["AWS_ENDPOINT_URL_S3"] = s3.Endpoint.ToString();
        environment["AWS_ENDPOINT_URL_ECS"] = "http://127.0.0.1:9";
        environment["VideoWatermark__DataDir"] = dataDir;

        var output = new StringBuilder();
        using var portal = Start(environment, output);
        try
        {
            var local = new Uri($"http://127.0.0.1:{port}/");
            await HttpReadiness.WaitAsync(portal, "the portal", new Uri(local, "health"), TimeSpan.FromMinutes(3), s => s == HttpStatusCode.OK, () => Read(output));

            Assert.Matches(@"Now listening on: http://(\[::\]|0\.0\.0\.0|\*|\+):" + port, Read(output));
            if (NonLoopbackAddress() is { } address)
            {
                using var outside = new HttpClient();
                var health = await outside.GetAsync(new Uri($"http://{address}:{port}/health"));
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = local };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/jobs")).StatusCode);
            var page = await http.GetAsync("");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/login", page.Headers.Location!.IsAbsoluteUri ? page.Headers.Location.PathAndQuery : page.Headers.Location.OriginalString, StringComparison.Ordinal);

            using var signedIn = new HttpRequestMessage(HttpMethod.Get, "api/jobs");
            signedIn.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{Password}")));
            var jobs = await http.SendAsync(signedIn);
            Assert.True(jobs.StatusCode == HttpStatusCode.OK, $"{jobs.StatusCode}: {await jobs.Content.ReadAsStringAsync()}\n{Read(output)}");
        }
        finally
        {
            portal.Kill(entireProcessTree: true);
            await portal.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>The hash deploy.sh stores: the portal's own set-admin-password, the password on standard input.</summary>
    private static async Task<string> AdminPasswordHashAsync(string dataDir)
    {
        var result = await ProcessRun.RunAsync("dotnet", [PortalDll, "set-admin-password"], AppContext.BaseDirectory,
            new Dictionary<string, string?> { ["VideoWatermark__DataDir"] = Path.Combine(dataDir, "set-password"), ["ASPNETCORE_URLS"] = null },
            TimeSpan.FromMinutes(2), Password + "\n");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StdOut.Trim();
    }

    private static Process Start(Dictionary<string, string> environment, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(PortalDll);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "AWS_PROFILE", "AWS_REGION" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The portal did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
