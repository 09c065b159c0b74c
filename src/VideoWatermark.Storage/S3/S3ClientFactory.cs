using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace VideoWatermark.Storage.S3;

/// <summary>
/// Builds the S3 client the same way in the portal, the worker and the Lambda, from <see cref="StorageOptions"/> and
/// the process environment.
/// <para>
/// The AWS SDK itself honours <c>AWS_REGION</c>, the default credential chain and the endpoint overrides
/// <c>AWS_ENDPOINT_URL_S3</c> and <c>AWS_ENDPOINT_URL</c> (service-specific first); nothing here re-implements that.
/// An explicit <see cref="StorageOptions.ServiceUrl"/> wins over those variables, as in every AWS SDK. What the SDK
/// does not do is notice that an endpoint is not AWS: for one that is not, this turns off what S3 look-alikes
/// mishandle — aws-chunked payload signing and flexible checksums, which s3rver and others store verbatim inside the
/// object — and uses path-style addressing unless told otherwise.
/// </para>
/// <para>
/// <see cref="S3ObjectStore"/> also sends PutObject/UploadPart without aws-chunked signing to such endpoints (a
/// per-request switch); code that calls the client directly should do the same when <see cref="IsAws"/> of
/// <see cref="ResolveEndpoint"/> is false.
/// </para>
/// </summary>
public static class S3ClientFactory
{
    /// <summary>Where this configuration sends S3 requests, or null for AWS's own endpoints.</summary>
    public static Uri? ResolveEndpoint(StorageOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            return ParseEndpoint(options.ServiceUrl, $"{StorageOptions.Section}:ServiceUrl");
        }

        if (IsTrue(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))
        {
            return null;
        }

        foreach (var name in new[] { "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL" })
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return ParseEndpoint(value, name);
            }
        }

        return null;
    }

    /// <summary>True for AWS's endpoints (or none, which means AWS), false for any other S3-compatible server.</summary>
    public static bool IsAws(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return true;
        }

        var host = endpoint.Host;
        return host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".api.aws", StringComparison.OrdinalIgnoreCase);
    }

    public static AmazonS3Config CreateConfig(StorageOptions options, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        environment ??= Environment.GetEnvironmentVariable;
        var endpoint = ResolveEndpoint(options, environment);
        var config = new AmazonS3Config();
        var region = options.Region is { Length: > 0 } configured ? configured
            : environment("AWS_REGION") is { Length: > 0 } || environment("AWS_DEFAULT_REGION") is { Length: > 0 } ? null
            : IsAws(endpoint) ? null
            // A look-alike server does not care which region signs, and asking instance metadata would only stall.
            : "us-east-1";

        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = endpoint!.ToString();
            if (region is not null)
            {
                config.AuthenticationRegion = region;
            }
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        if (!IsAws(endpoint))
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
            config.ForcePathStyle = options.ForcePathStyle ?? true;
        }
        else if (options.ForcePathStyle is { } pathStyle)
        {
            config.ForcePathStyle = pathStyle;
        }

        return config;
    }

    /// <summary>A client for <paramref name="options"/>; without <paramref name="credentials"/>, the SDK's default chain.</summary>
    public static IAmazonS3 CreateClient(StorageOptions options, AWSCredentials? credentials = null, Func<string, string?>? environment = null)
    {
        var config = CreateConfig(options, environment);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    private static Uri ParseEndpoint(string value, string source) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"{source} must be an absolute http(s) URL, not '{value}'.");

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
