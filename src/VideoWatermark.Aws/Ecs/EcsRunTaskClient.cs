using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using VideoWatermark.Core.Jobs;

namespace VideoWatermark.Aws.Ecs;

/// <summary>
/// Calls ECS RunTask over its JSON 1.1 API, signed with SigV4. Throttling, server errors and a lack of Fargate capacity
/// are retried with bounded exponential backoff (the same client token makes a retry start no second task). Running out
/// of attempts on those ends in <see cref="LaunchPostponedException"/> (the job stays queued for the sweep); any other
/// refusal ends in <see cref="LaunchFailedException"/> with ECS's reason.
/// </summary>
public sealed class EcsRunTaskClient
{
    public const string RunTaskTarget = "AmazonEC2ContainerServiceV20141113.RunTask";

    private static readonly HashSet<string> ThrottlingErrors = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "RequestLimitExceeded", "ProvisionedThroughputExceededException", "ServerException", "ServiceUnavailable",
        "ServiceUnavailableException", "InternalFailure", "RequestTimeout", "RequestTimeoutException",

        // An account quota (concurrent Fargate vCPUs, tasks per cluster) frees up as running tasks finish.
        "LimitExceededException",
    };

    private readonly HttpClient http;
    private readonly EcsLauncherOptions options;
    private readonly ILogger<EcsRunTaskClient> logger;
    private readonly Func<TimeSpan, CancellationToken, Task> delay;
    private readonly EcsRequestSigner signer;

    /// <param name="environment">Where AWS_REGION and the endpoint variables are read; the process environment by default.</param>
    /// <param name="delay">Waits between attempts; tests pass one that does not sleep.</param>
    public EcsRunTaskClient(
        HttpClient http,
        EcsLauncherOptions options,
        ILogger<EcsRunTaskClient> logger,
        Func<string, string?>? environment = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        this.http = http;
        this.options = options;
        this.logger = logger;
        this.delay = delay ?? Task.Delay;
        environment ??= Environment.GetEnvironmentVariable;
        Region = EcsEndpoint.ResolveRegion(options.Region, environment);
        Endpoint = EcsEndpoint.Resolve(options.ServiceUrl, Region, environment);
        signer = new EcsRequestSigner(Region, options.Credentials);
    }

    public string Region { get; }

    public Uri Endpoint { get; }

    /// <summary>Starts the task and returns its ARN.</summary>
    /// <exception cref="LaunchFailedException">ECS refused for a reason time does not fix.</exception>
    /// <exception cref="LaunchPostponedException">ECS kept throttling or lacking capacity past the last attempt.</exception>
    public async Task<string> RunTaskAsync(EcsRunTaskRequest request, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, EcsJsonContext.Default.EcsRunTaskRequest);
        for (var attempt = 1; ; attempt++)
        {
            var result = await SendAsync(body, cancellationToken);
            if (result.TaskArn is { } taskArn)
            {
                return taskArn;
            }

            if (!result.Retryable)
            {
                throw new LaunchFailedException($"ECS RunTask refused: {result.Problem}");
            }

            if (attempt >= options.MaxAttempts)
            {
                throw new LaunchPostponedException($"ECS RunTask did not start a task after {attempt} attempts: {result.Problem}");
            }

            var wait = Backoff(attempt);
            logger.LogWarning("RunTask attempt {Attempt} of {MaxAttempts} did not start a task ({Problem}); retrying in {Delay}",
                attempt, options.MaxAttempts, result.Problem, wait);
            await delay(wait, cancellationToken);
        }
    }

    private async Task<Outcome> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            using var message = await signer.CreateAsync(Endpoint, RunTaskTarget, body, cancellationToken);
            using var response = await http.SendAsync(message, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode ? FromResult(text) : FromError(response, text);
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(null, $"ECS at {Endpoint} could not be reached: {ex.Message}", Retryable: true);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, $"ECS at {Endpoint} did not answer in time: {ex.Message}", Retryable: true);
        }
    }

    private static Outcome FromResult(string text)
    {
        EcsRunTaskResponse? result;
        try
        {
            result = JsonSerializer.Deserialize(text, EcsJsonContext.Default.EcsRunTaskResponse);
        }
        catch (JsonException ex)
        {
            return new Outcome(null, $"ECS answered with something that is not a RunTask response: {ex.Message}", Retryable: false);
        }

        if (result?.Tasks?.FirstOrDefault(t => !string.IsNullOrEmpty(t.TaskArn)) is { } task)
        {
            return new Outcome(task.TaskArn, null, false);
        }

        var failures = result?.Failures ?? [];
        if (failures.Count == 0)
        {
            return new Outcome(null, "ECS started no task and gave no reason.", Retryable: false);
        }

        var problem = string.Join("; ", failures.Select(f =>
            string.Join(" ", new[] { f.Reason, f.Detail is { Length: > 0 } d ? $"({d})" : null, f.Arn is { Length: > 0 } a ? $"[{a}]" : null }
                .Where(s => !string.IsNullOrEmpty(s)))));
        return new Outcome(null, problem, failures.All(f => IsCapacityShortage(f.Reason)));
    }

    private static Outcome FromError(HttpResponseMessage response, string text)
    {
        string? type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                type ??= doc.RootElement.TryGetProperty("__type", out var t) ? t.GetString() : null;
                message = doc.RootElement.TryGetProperty("message", out var m) || doc.RootElement.TryGetProperty("Message", out m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            message = text.Length > 200 ? text[..200] : text;
        }

        // "aws.protocoltests#ThrottlingException:http://..." and similar: the type is the part after '#', before ':'.
        type = type?.Split(':')[0];
        type = type?[(type.LastIndexOf('#') + 1)..];
        var status = (int)response.StatusCode;
        var retryable = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500 || (type is not null && ThrottlingErrors.Contains(type));
        var problem = $"{type ?? $"HTTP {status}"}: {(string.IsNullOrWhiteSpace(message) ? response.ReasonPhrase : message)}";
        return new Outcome(null, problem, retryable);
    }

    /// <summary>
    /// Fargate's "Capacity is unavailable at this time", the RESOURCE:* placement failures (CPU, MEMORY, ENI...) and
    /// AGENT (the container instance's agent is disconnected) pass with time; MISSING, ATTRIBUTE and the like do not.
    /// </summary>
    private static bool IsCapacityShortage(string? reason) =>
        reason is not null
        && (reason.Contains("Capacity is unavailable", StringComparison.OrdinalIgnoreCase)
            || reason.StartsWith("RESOURCE:", StringComparison.Ordinal)
            || reason == "AGENT");

    private TimeSpan Backoff(int attempt)
    {
        // Full jitter: concurrent Lambdas throttled together should not retry together.
        var ceiling = Math.Min(options.RetryMaxDelay.TotalMilliseconds, options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + (Random.Shared.NextDouble() * ceiling / 2));
    }

    private sealed record Outcome(string? TaskArn, string? Problem, bool Retryable);
}
