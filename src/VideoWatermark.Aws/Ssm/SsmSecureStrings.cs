using Amazon;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using VideoWatermark.Aws.Ecs;

namespace VideoWatermark.Aws.Ssm;

/// <summary>
/// Reads an SSM SecureString, decrypted (<c>GetParameter</c>). The Lambda has no ECS-style <c>Secrets</c> that hand a
/// container its secrets at start, so it reads its own once, at its cold start; the value then lives only in its
/// memory, not in its configuration.
/// </summary>
public sealed class SsmSecureStrings : IDisposable
{
    public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_SSM";

    private readonly AmazonSimpleSystemsManagementClient client;

    /// <param name="environment">Where AWS_REGION and the endpoint variables are read; the process environment by default.</param>
    /// <param name="timeout">How long one call may take before the cold start gives up.</param>
    public SsmSecureStrings(TimeSpan timeout, AWSCredentials? credentials = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var region = EcsEndpoint.ResolveRegion(null, environment);
        var config = new AmazonSimpleSystemsManagementConfig { Timeout = timeout, MaxErrorRetry = 2 };

        // The endpoint is resolved as the ECS client's is (AWS_ENDPOINT_URL_SSM, then AWS_ENDPOINT_URL), so one
        // environment points both at the same stand-ins.
        var url = EndpointUrl(environment);
        if (url is not null)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        Endpoint = url ?? new Uri($"https://ssm.{region}.{(region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com")}/");
        client = credentials is null ? new AmazonSimpleSystemsManagementClient(config) : new AmazonSimpleSystemsManagementClient(credentials, config);
    }

    public Uri Endpoint { get; }

    /// <summary>The parameter's value; throws <see cref="InvalidOperationException"/> naming the parameter and SSM's reason.</summary>
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await client.GetParameterAsync(new GetParameterRequest { Name = name, WithDecryption = true }, cancellationToken);
            return response.Parameter?.Value
                ?? throw new InvalidOperationException($"SSM parameter '{name}': the answer is not a GetParameter response with a value.");
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0)
        {
            throw new InvalidOperationException($"SSM parameter '{name}' could not be read: {(int)ex.StatusCode} {string.Join(": ", new[] { ex.ErrorCode, ex.Message }.Where(s => !string.IsNullOrEmpty(s)))}", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"SSM parameter '{name}' could not be read: SSM at {Endpoint} did not answer ({ex.Message}).", ex);
        }
    }

    public void Dispose() => client.Dispose();

    private static Uri? EndpointUrl(Func<string, string?> environment)
    {
        var ignore = string.Equals(environment(EcsEndpoint.IgnoreEndpointsVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var url = ignore ? null : NonEmpty(environment(ServiceEndpointVariable)) ?? NonEmpty(environment(EcsEndpoint.GlobalEndpointVariable));
        return url is null ? null
            : Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? uri
                : throw new InvalidOperationException($"The SSM endpoint '{url}' is not an http(s) URL.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
