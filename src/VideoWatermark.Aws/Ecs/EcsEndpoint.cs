namespace VideoWatermark.Aws.Ecs;

/// <summary>
/// The ECS endpoint and signing region, resolved the way the AWS SDKs resolve them: an explicit URL, then
/// AWS_ENDPOINT_URL_ECS, then AWS_ENDPOINT_URL (both skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true), then
/// the regional endpoint.
/// </summary>
public static class EcsEndpoint
{
    public const string ServiceEndpointVariable = "AWS_ENDPOINT_URL_ECS";
    public const string GlobalEndpointVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreEndpointsVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <summary>The name the signature's credential scope carries.</summary>
    public const string SigningName = "ecs";

    public static string ResolveRegion(string? configured, Func<string, string?> environment) =>
        NonEmpty(configured) ?? NonEmpty(environment("AWS_REGION")) ?? NonEmpty(environment("AWS_DEFAULT_REGION"))
        ?? throw new InvalidOperationException("No AWS region for ECS: set AWS_REGION.");

    public static Uri Resolve(string? serviceUrl, string region, Func<string, string?> environment)
    {
        var url = NonEmpty(serviceUrl) ?? ConfiguredUrl(environment);
        if (url is null)
        {
            var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            return new Uri($"https://ecs.{region}.{suffix}/");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"The ECS endpoint '{url}' is not an http(s) URL.");
        }

        return uri;
    }

    /// <summary>The endpoint the environment names (AWS_ENDPOINT_URL_ECS, then AWS_ENDPOINT_URL), unless told to ignore them; null for the regional one.</summary>
    public static string? ConfiguredUrl(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return string.Equals(NonEmpty(environment(IgnoreEndpointsVariable)), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : NonEmpty(environment(ServiceEndpointVariable)) ?? NonEmpty(environment(GlobalEndpointVariable));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
