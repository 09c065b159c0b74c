using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Dispatch;
using VideoWatermark.Core.Events;
using VideoWatermark.Dispatcher.Tests.Ecs;

namespace VideoWatermark.Dispatcher.Tests.Ssm;

/// <summary>
/// The Lambda's signing key: named by its SSM parameter in the environment (the template never holds the key), read
/// at the cold start with AWSSDK.SimpleSystemsManagement's GetParameter, against a stand-in SSM endpoint on 127.0.0.1
/// that checks the request's documented shape and its SigV4 signature.
/// </summary>
[Collection(ProcessEnvironment.Name)]
public sealed class WebhookSecretTests
{
    private const string Parameter = "/videowatermark/events/webhook-secret";
    private const string Secret = "whsec-from-ssm";

    [Fact]
    public async Task The_cold_start_reads_the_key_from_the_named_SecureString_decrypted()
    {
        await using var ssm = await FakeSsm.StartAsync(new Dictionary<string, string> { [Parameter] = Secret });
        using var scope = new EnvironmentScope(Environment(ssm.Url, Parameter));

        var settings = DispatcherSettings.FromEnvironment(System.Environment.GetEnvironmentVariable);
        using var services = new ServiceCollection().AddDispatcherServices(settings).BuildServiceProvider();
        var options = services.GetRequiredService<EventsOptions>();

        Assert.Equal(Secret, options.WebhookSecret);
        Assert.Equal(["https://hooks.example.org/videos"], options.WebhookUrls);
        var call = Assert.Single(ssm.Calls);
        Assert.Empty(call.Problems);
        Assert.Equal((Parameter, true), (call.Name, call.WithDecryption));
        Assert.NotNull(new Function());
    }

    [Fact]
    public async Task A_key_that_cannot_be_read_fails_the_cold_start_naming_the_parameter()
    {
        await using var ssm = await FakeSsm.StartAsync(new Dictionary<string, string>());
        using var scope = new EnvironmentScope(Environment(ssm.Url, Parameter));

        var error = Assert.Throws<InvalidOperationException>(() => new Function());

        Assert.Contains($"SSM parameter '{Parameter}' could not be read: 400 ParameterNotFound", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_parameter_nothing_is_read_and_events_stay_unsigned_only_if_no_key_was_asked_for()
    {
        await using var ssm = await FakeSsm.StartAsync(new Dictionary<string, string> { [Parameter] = Secret });
        using var scope = new EnvironmentScope(Environment(ssm.Url, parameter: null));

        using var services = new ServiceCollection().AddDispatcherServices(DispatcherSettings.FromEnvironment(System.Environment.GetEnvironmentVariable)).BuildServiceProvider();

        Assert.Null(services.GetRequiredService<EventsOptions>().WebhookSecret);
        Assert.Empty(ssm.Calls);
    }

    private static Dictionary<string, string?> Environment(Uri ssm, string? parameter) => new()
    {
        ["CLUSTER"] = "video-cluster",
        ["TASK_DEFINITION"] = "watermark-worker:3",
        ["CONTAINER_NAME"] = "worker",
        ["ECS_SUBNET_1"] = "subnet-aaa",
        ["ECS_SUBNET_2"] = "subnet-bbb",
        ["ECS_SECURITY_GROUP"] = "sg-123",
        ["WATERMARK_PATH"] = "s3://records/watermarks/watermark.png",
        ["AWS_REGION"] = FakeSsm.Region,
        ["AWS_ACCESS_KEY_ID"] = FakeEcsEndpoint.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = FakeEcsEndpoint.SecretKey,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:9",
        ["AWS_ENDPOINT_URL_ECS"] = "http://127.0.0.1:9",
        ["AWS_ENDPOINT_URL_SSM"] = ssm.ToString(),
        [DispatcherEnvironment.WebhookUrls] = "https://hooks.example.org/videos",
        [DispatcherEnvironment.WebhookSecretParameter] = parameter,
        ["VideoWatermark__Events__WebhookSecret"] = null,
    };

    /// <summary>SSM's GetParameter over JSON 1.1, checking the target, the content type and the SigV4 signature (service "ssm").</summary>
    private sealed class FakeSsm : IAsyncDisposable
    {
        public const string Region = "eu-central-1";

        private readonly WebApplication app;
        private readonly IReadOnlyDictionary<string, string> parameters;
        private readonly SigV4Verifier verifier = new(FakeEcsEndpoint.AccessKey, FakeEcsEndpoint.SecretKey, Region, "ssm");
        private readonly ConcurrentQueue<Call> calls = new();

        private FakeSsm(WebApplication app, IReadOnlyDictionary<string, string> parameters)
        {
            this.app = app;
            this.parameters = parameters;
        }

        /// <summary>SSM's members are PascalCase, as sent.</summary>
        private static readonly JsonSerializerOptions AwsJson = new();

        public Uri Url { get; private set; } = null!;

        public IReadOnlyList<Call> Calls => [.. calls];

        public static async Task<FakeSsm> StartAsync(IReadOnlyDictionary<string, string> parameters)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeSsm(app, parameters);
            app.MapPost("/", (Delegate)fake.HandleAsync);
            await app.StartAsync();
            fake.Url = new Uri(app.Urls.First() + "/");
            return fake;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();

        private async Task<IResult> HandleAsync(HttpContext context)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var problems = new List<string>(verifier.Problems(context.Request, buffer.ToArray(), DateTimeOffset.UtcNow));
            if (context.Request.Headers["X-Amz-Target"].ToString() != "AmazonSSM.GetParameter")
            {
                problems.Add($"X-Amz-Target '{context.Request.Headers["X-Amz-Target"]}' is not AmazonSSM.GetParameter.");
            }

            if (context.Request.ContentType != "application/x-amz-json-1.1")
            {
                problems.Add($"Content-Type '{context.Request.ContentType}' is not application/x-amz-json-1.1.");
            }

            var body = JsonDocument.Parse(buffer.ToArray()).RootElement;
            var name = body.TryGetProperty("Name", out var n) ? n.GetString() : null;
            var decrypt = body.TryGetProperty("WithDecryption", out var d) && d.ValueKind == JsonValueKind.True;
            calls.Enqueue(new Call(name, decrypt, problems));
            if (problems.Count > 0)
            {
                return Results.Json(new { __type = "InvalidSignatureException", message = string.Join(" ", problems) }, statusCode: (int)HttpStatusCode.Forbidden);
            }

            return name is not null && parameters.TryGetValue(name, out var value)
                ? Results.Json(new { Parameter = new { Name = name, Type = "SecureString", Value = value, Version = 1 } }, AwsJson)
                : Results.Json(new { __type = "ParameterNotFound", message = "" }, statusCode: (int)HttpStatusCode.BadRequest);
        }

        public sealed record Call(string? Name, bool WithDecryption, IReadOnlyList<string> Problems);
    }
}
