using System.Text.Json;
using Amazon.Runtime;
using VideoWatermark.Aws.Ecs;

namespace VideoWatermark.Aws.Ssm;

/// <summary>
/// Reads an SSM SecureString, decrypted, over SSM's JSON 1.1 API (<c>GetParameter</c>), signed as the ECS calls are.
/// The Lambda has no ECS-style <c>Secrets</c> that hand a container its secrets at start, so it reads its own once,
/// at its cold start; the value then lives only in its memory, not in its configuration.
/// </summary>
public sealed class SsmSecureStrings
{
    public const string GetParameterTarget = "AmazonSSM.GetParameter";
    public const string SigningName = "ssm";
    public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_SSM";

    private readonly HttpClient http;
    private readonly EcsRequestSigner signer;

    /// <param name="environment">Where AWS_REGION and the endpoint variables are read; the process environment by default.</param>
    public SsmSecureStrings(HttpClient http, AWSCredentials? credentials = null, Func<string, string?>? environment = null)
    {
        this.http = http;
        environment ??= Environment.GetEnvironmentVariable;
        var region = EcsEndpoint.ResolveRegion(null, environment);
        Endpoint = ResolveEndpoint(region, environment);
        signer = new EcsRequestSigner(region, credentials, SigningName);
    }

    public Uri Endpoint { get; }

    /// <summary>The parameter's value; throws <see cref="InvalidOperationException"/> naming the parameter and SSM's reason.</summary>
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { Name = name, WithDecryption = true });
        string text;
        try
        {
            using var message = await signer.CreateAsync(Endpoint, GetParameterTarget, body, cancellationToken);
            using var response = await http.SendAsync(message, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"SSM parameter '{name}' could not be read: {(int)response.StatusCode} {Reason(response, text)}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"SSM parameter '{name}' could not be read: SSM at {Endpoint} did not answer ({ex.Message}).", ex);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Parameter", out var parameter) && parameter.ValueKind == JsonValueKind.Object
                && parameter.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        throw new InvalidOperationException($"SSM parameter '{name}': the answer is not a GetParameter response with a value.");
    }

    private static string Reason(HttpResponseMessage response, string text)
    {
        string? type = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault()?.Split(':')[0] : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                type ??= document.RootElement.TryGetProperty("__type", out var t) ? t.GetString()?.Split('#')[^1] : null;
                message = document.RootElement.TryGetProperty("message", out var m) || document.RootElement.TryGetProperty("Message", out m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
        }

        return string.Join(": ", new[] { type, message }.Where(s => !string.IsNullOrEmpty(s)));
    }

    /// <summary>As the SDKs resolve it: AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL (unless told to ignore them), then the regional endpoint.</summary>
    private static Uri ResolveEndpoint(string region, Func<string, string?> environment)
    {
        var ignore = string.Equals(environment(EcsEndpoint.IgnoreEndpointsVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var url = ignore ? null : NonEmpty(environment(ServiceEndpointVariable)) ?? NonEmpty(environment(EcsEndpoint.GlobalEndpointVariable));
        if (url is null)
        {
            var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            return new Uri($"https://ssm.{region}.{suffix}/");
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidOperationException($"The SSM endpoint '{url}' is not an http(s) URL.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
