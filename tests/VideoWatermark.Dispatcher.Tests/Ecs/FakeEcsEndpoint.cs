using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VideoWatermark.Dispatcher.Tests.Ecs;

/// <summary>
/// A stand-in for the ECS JSON 1.1 endpoint (ECS cannot run here) on 127.0.0.1 over real HTTP. It checks each call
/// the way ECS would: the target, the content type, the SigV4 signature and the RunTask request syntax; it answers
/// with scripted throttling or failures, then successes, and is idempotent on clientToken as ECS is.
/// </summary>
public sealed class FakeEcsEndpoint : IAsyncDisposable
{
    public const string AccessKey = "AKIDVIDEOWATERMARKTEST";
    public const string SecretKey = "test/secret+key/for/the/fake/ecs/endpoint";
    public const string Region = "eu-central-1";
    public const string Target = "AmazonEC2ContainerServiceV20141113.RunTask";

    private readonly WebApplication app;
    private readonly SigV4Verifier verifier;
    private readonly string region;
    private readonly ConcurrentQueue<Answer> script = new();
    private readonly ConcurrentDictionary<string, string> tasksByToken = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedCall> calls = new();

    private FakeEcsEndpoint(WebApplication app, string accessKey, string secretKey, string region)
    {
        this.app = app;
        this.region = region;
        verifier = new SigV4Verifier(accessKey, secretKey, region, "ecs");
    }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedCall> Calls => [.. calls];

    /// <summary>Tasks actually started: one per distinct client token that got a success.</summary>
    public IReadOnlyCollection<string> StartedTasks => [.. tasksByToken.Values];

    /// <summary>Every protocol problem of every call; a passing test expects none.</summary>
    public IReadOnlyList<string> Problems => [.. calls.SelectMany(c => c.Problems)];

    /// <summary>Starts the endpoint; it accepts requests signed with this key pair for this region only.</summary>
    public static async Task<FakeEcsEndpoint> StartAsync(string accessKey = AccessKey, string secretKey = SecretKey, string region = Region)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeEcsEndpoint(app, accessKey, secretKey, region);
        app.MapPost("/", (Delegate)fake.HandleAsync);
        await app.StartAsync();
        fake.Url = new Uri(app.Urls.First() + "/");
        return fake;
    }

    /// <summary>The next call gets ECS's throttling error (HTTP 400, __type ThrottlingException).</summary>
    public void ThrottleNext(int times = 1) => Enqueue(times, _ => Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded"));

    public void ServerErrorNext(int times = 1) => Enqueue(times, _ => Error(HttpStatusCode.InternalServerError, "ServerException", "Service unavailable. Try again later."));

    /// <summary>The next call gets a quota error (HTTP 400, __type LimitExceededException).</summary>
    public void LimitExceededNext(int times = 1) =>
        Enqueue(times, _ => Error(HttpStatusCode.BadRequest, "LimitExceededException", "You've reached the limit on the number of vCPUs you can run concurrently"));

    /// <summary>Scripted answers not yet served.</summary>
    public int PendingAnswers => script.Count;

    /// <summary>The next calls answer 200 with no task and one failure, as RunTask does when it cannot place a task.</summary>
    public void FailNext(string reason, string? detail = null, int times = 1) =>
        Enqueue(times, body => Results.Json(new
        {
            tasks = Array.Empty<object>(),
            failures = new[] { new { arn = ClusterArn(body, region), reason, detail } },
        }));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private void Enqueue(int times, Func<JsonElement, IResult> answer)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue(new Answer(answer));
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var problems = new List<string>();

        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target != Target)
        {
            problems.Add($"X-Amz-Target '{target}' is not {Target}.");
        }

        if (context.Request.ContentType != "application/x-amz-json-1.1")
        {
            problems.Add($"Content-Type '{context.Request.ContentType}' is not application/x-amz-json-1.1.");
        }

        var signatureProblems = verifier.Problems(context.Request, bytes, DateTimeOffset.UtcNow);
        problems.AddRange(signatureProblems);

        JsonElement body = default;
        try
        {
            body = JsonDocument.Parse(bytes).RootElement.Clone();
            problems.AddRange(RunTaskRequestSyntax.Problems(body));
        }
        catch (JsonException ex)
        {
            problems.Add($"The body is not JSON: {ex.Message}");
        }

        calls.Enqueue(new ReceivedCall(body, Encoding.UTF8.GetString(bytes), context.Request.Headers["X-Amz-Security-Token"].ToString(), problems));
        if (signatureProblems.Count > 0)
        {
            return Error(HttpStatusCode.Forbidden, "InvalidSignatureException", string.Join(" ", signatureProblems));
        }

        if (problems.Count > 0)
        {
            return Error(HttpStatusCode.BadRequest, "InvalidParameterException", string.Join(" ", problems));
        }

        if (script.TryDequeue(out var scripted))
        {
            return scripted.Respond(body);
        }

        var token = body.TryGetProperty("clientToken", out var t) ? t.GetString()! : Guid.NewGuid().ToString();
        var taskArn = tasksByToken.GetOrAdd(token, _ =>
            $"arn:aws:ecs:{region}:123456789012:task/{Name(body.GetProperty("cluster").GetString()!)}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..32]}");
        return Results.Json(new
        {
            tasks = new[]
            {
                new { taskArn, clusterArn = ClusterArn(body, region), lastStatus = "PROVISIONING", desiredStatus = "RUNNING", launchType = "FARGATE", startedBy = body.GetProperty("startedBy").GetString() },
            },
            failures = Array.Empty<object>(),
        });
    }

    private static IResult Error(HttpStatusCode status, string type, string message) =>
        Results.Json(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }, statusCode: (int)status, contentType: "application/x-amz-json-1.1");

    private static string ClusterArn(JsonElement body, string region) =>
        $"arn:aws:ecs:{region}:123456789012:cluster/{Name(body.TryGetProperty("cluster", out var c) ? c.GetString()! : "default")}";

    private static string Name(string clusterOrArn) => clusterOrArn[(clusterOrArn.LastIndexOf('/') + 1)..];

    private sealed record Answer(Func<JsonElement, IResult> Respond);
}

public sealed record ReceivedCall(JsonElement Body, string RawBody, string SecurityToken, IReadOnlyList<string> Problems);
